/**
 * A timing-only campaign end to end, real processes on 127.0.0.1: a researcher's model uploaded with
 * "timing only" (the dashboard's upload path against the hub's database and artifact store), a campaign
 * from the hub's CLI, a real agent daemon that fetches the skeleton, fills and caches it and runs it —
 * and the result: weights synthetic, no accuracy, on the Deployability view, not on the leaderboard.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Db, leaderboard } from "@edgeseg/db";
import { resultDocumentSchema } from "@edgeseg/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { loadDeployability } from "../../apps/dashboard/lib/deployability/load.ts";
import { importUploadedModel } from "../../apps/dashboard/lib/ranking/models/import-upload.ts";
import { enrollAgent, startAgentProcess } from "../support/agent-process.ts";
import { openHubDb } from "../support/hub-db.ts";
import { hubCli, startHubProcess } from "../support/hub-process.ts";
import { repoRoot, stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("fleet-timing-only");
const fixture = join(repoRoot, "packages/bench/fixtures/models/threshold-seg");
let db: Db | undefined;
afterAll(async () => {
  await stopAll();
  await db?.close();
  dir.remove();
});

function timingOnlyUpload(): Request {
  const form = new FormData();
  form.append("manifest", new Blob([readFileSync(join(fixture, "manifest.json"))]), "manifest.json");
  form.append("files", new Blob([readFileSync(join(fixture, "model.onnx"))]), "model.onnx");
  form.append("timingOnly", "on");
  return new Request("http://dashboard.test/api/models", { method: "POST", body: form });
}

describe("timing-only campaign", () => {
  it("[slow] upload → skeleton stored only → agent fills and runs it → synthetic result on Deployability, not ranked", async () => {
    const dataDir = `${dir.path}/hub`;
    const hub = await startHubProcess({ dataDir });
    const { token } = hubCli<{ token: string }>(dataDir, ["token", "create", "--expires", "1h"]);
    const agent = enrollAgent({ hubUrl: hub.httpUrl, token, dir: `${dir.path}/agent` });
    db = await openHubDb(dataDir);
    const suite = hubCli<{ sha256: string }>(dataDir, ["suite", "import", "standard-v1"]);

    const fullSha = JSON.parse(readFileSync(join(fixture, "manifest.json"), "utf8")).graphs.model.sha256;
    const artifactsDir = join(dataDir, "artifacts");
    const uploaded = await importUploadedModel(db, artifactsDir, timingOnlyUpload());
    expect(uploaded.version).toBe("1.0.0-skeleton");
    const skeletonSha = uploaded.artifacts.find((a) => a.role === "model")!.sha256;
    // The weights were discarded: neither a file nor a row of the hub holds the uploaded model.
    expect(readdirSync(artifactsDir)).toContain(skeletonSha);
    expect(readdirSync(artifactsDir)).not.toContain(fullSha);
    expect(await db.prisma.artifact.count({ where: { sha256: fullSha } })).toBe(0);

    const running = await startAgentProcess(agent.configPath);
    const { jobIds } = hubCli<{ jobIds: string[] }>(dataDir, [
      ...["campaign", "create", "--name", "timing-only", "--suite", "standard-v1"],
      ...["--models", "threshold-seg@1.0.0-skeleton", "--devices", agent.deviceId],
    ]);
    const jobId = jobIds[0]!;
    const row = await waitFor(
      () => db!.prisma.result.findUnique({ where: { jobId } }),
      `the result row of job ${jobId}`,
      { timeoutMs: 150_000, everyMs: 250, context: () => running.output().slice(-3000) },
    );
    const doc = resultDocumentSchema.parse(JSON.parse(row.document));
    expect(doc.status).toBe("succeeded");
    expect(doc.model).toMatchObject({ id: "threshold-seg", version: "1.0.0-skeleton", weights: "synthetic" });
    expect(doc.model.files).toEqual([{ role: "model", sha256: skeletonSha }]);
    // Accuracy not measured: null, never 0; timing and memory measured.
    expect(doc.accuracy).toBeNull();
    expect(row.meanDice).toBeNull();
    expect(row.perCaseMeanMs).toBeGreaterThan(0);
    expect(row.peakRssMb).toBeGreaterThan(0);
    // The agent filled the skeleton once into its cache, keyed by the skeleton's sha256.
    expect(existsSync(join(agent.dataDir, "skeletons", `${skeletonSha}.fill-v1.onnx`))).toBe(true);

    const deploy = await loadDeployability(db, row.deviceClassId);
    const deployRow = deploy[0]?.rows.find((r) => r.modelId === "threshold-seg");
    expect(deployRow).toMatchObject({
      modelVersion: "1.0.0-skeleton",
      devices: doc.validity.verdict === "VALID" ? 1 : 0,
      runs: 1,
    });
    const fleet = await leaderboard(db, { suiteSha256: suite.sha256, deviceClassId: row.deviceClassId });
    expect(fleet.map((e) => e.modelId)).not.toContain("threshold-seg");

    await running.stop();
    await hub.stop();
  });
});
