/**
 * Bad input at the hub: a raw device client sends invalid JSON, messages that fail the schema (or
 * speak for another device in the body), oversize payloads and a topic outside the protocol. Each is
 * logged with the sender's device id and dropped; the hub keeps running, and a well-behaved agent in
 * the same fleet gets its job done and its result stored meanwhile.
 */
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { topicFor } from "@edgeseg/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { enrollAgent, startAgentProcess } from "../support/agent-process.ts";
import { FAST_DATASET_ID, fastCampaign, writeFastSuite } from "../support/fast-suite.ts";
import { openHubDb } from "../support/hub-db.ts";
import { hubCli, startHubProcess } from "../support/hub-process.ts";
import { exampleFor, resultFor } from "../support/messages.ts";
import { asDevice, connectRaw } from "../support/mqtt.ts";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("fleet-malformed");
let db: Db | undefined;
afterAll(async () => {
  await stopAll();
  await db?.close();
  dir.remove();
});

describe("malformed input", () => {
  it("[slow] invalid JSON, wrong schema, oversize and unknown topics are logged and dropped; a good agent's result still arrives", async () => {
    const dataDir = join(dir.path, "hub");
    const hub = await startHubProcess({ dataDir });
    const fast = await writeFastSuite(join(dir.path, "suite"));
    hubCli(dataDir, ["suite", "import", fast.suitePath]);
    const token = () => hubCli<{ token: string }>(dataDir, ["token", "create"]).token;
    const good = enrollAgent({
      hubUrl: hub.httpUrl,
      token: token(),
      dir: join(dir.path, "good"),
      datasets: { [FAST_DATASET_ID]: fast.datasetDir },
    });
    const bad = enrollAgent({ hubUrl: hub.httpUrl, token: token(), dir: join(dir.path, "bad") });
    db = await openHubDb(dataDir);
    const agent = await startAgentProcess(good.configPath);
    // A run long enough that the garbage below arrives while the good agent is busy.
    const [jobId] = await fastCampaign(db, [good.deviceId], { runMs: 3000 });

    const id = bad.deviceId;
    const send = async (topic: string, payload: string | Buffer, qos: 0 | 1 = 1) => {
      const raw = await connectRaw(hub.mqttUrl, asDevice(id, bad.secret));
      raw.client.publish(topic, payload, { qos });
      return raw;
    };
    const expectLogged = (what: string, match: (l: Record<string, unknown>) => boolean) =>
      waitFor(() => hub.warningsFor(id).find(match), `the hub to log ${what} for ${id}`, {
        context: () => JSON.stringify(hub.warningsFor(id), null, 1),
      });
    const reason = (l: Record<string, unknown>) => String(l.reason ?? "");

    // Invalid JSON and schema failures are acknowledged and dropped: the connection stays.
    const kept = await send(topicFor(id, "results"), "{ this is not json");
    await expectLogged("invalid JSON", (l) => /not UTF-8 JSON/.test(reason(l)));
    kept.client.publish(topicFor(id, "telemetry"), JSON.stringify({ hello: "world" }), { qos: 0 });
    await expectLogged("a schema failure", (l) => l.topic === topicFor(id, "telemetry"));
    const tooHot = exampleFor("telemetry", id, { cpuPercent: 250 });
    kept.client.publish(topicFor(id, "telemetry"), JSON.stringify(tooHot), { qos: 0 });
    await expectLogged("an out-of-range value", (l) => /cpuPercent/.test(reason(l)));
    // A body that speaks for another device, on the sender's own topic.
    const impostor = resultFor(good.deviceId);
    await kept.client.publishAsync(topicFor(id, "results"), JSON.stringify(impostor), { qos: 1 });
    await expectLogged("a body for another device", (l) => /differs from the topic's device/.test(reason(l)));
    expect(kept.client.connected).toBe(true);
    await kept.client.endAsync();

    // Oversize for its kind (telemetry ≤ 8 KiB) and a topic outside the protocol: refused, cut off.
    const big = exampleFor("telemetry", id, { throttling: { active: false, flags: null } });
    const oversize = JSON.stringify({ ...big, padding: "x".repeat(20_000) });
    const cut1 = await send(topicFor(id, "telemetry"), oversize, 0);
    await cut1.closed;
    await expectLogged("the oversize payload", (l) => /telemetry limit/.test(reason(l)));
    const cut2 = await send(`edgeseg/v1/devices/${id}/selfie`, "{}");
    await cut2.closed;
    await expectLogged("the unknown topic", (l) => l.topic === `edgeseg/v1/devices/${id}/selfie`);
    // A packet beyond the largest message (1 MiB) is refused from its header, before the body.
    const cut3 = await send(topicFor(id, "results"), Buffer.alloc(1_100_000, 0x20));
    await cut3.closed;
    await waitFor(
      () => hub.lines.find((l) => l.msg === "oversize packet; connection closed"),
      "the oversize packet log",
    );

    // The good agent was not disturbed: its result is stored and its job closed.
    const row = await waitFor(
      () => db!.prisma.result.findUnique({ where: { jobId } }),
      "the good agent's result",
      { timeoutMs: 90_000, context: () => agent.output().slice(-3000) },
    );
    expect(row.deviceId).toBe(good.deviceId);
    expect(row.status).toBe("succeeded");
    await waitFor(
      async () => (await db!.prisma.job.findUniqueOrThrow({ where: { id: jobId } })).status === "succeeded",
      "the job to succeed",
    );
    // Nothing from the bad client became a row, and nothing it sent was stored under the good device.
    expect(await db.prisma.result.count({ where: { deviceId: id } })).toBe(0);
    expect(await db.prisma.result.count({ where: { id: impostor.result.resultId } })).toBe(0);
    expect(await db.prisma.result.count()).toBe(1);
    expect(hub.hasExited()).toBe(false);
    expect(agent.hasExited()).toBe(false);
    // Every drop names the device it came from.
    const dropped = hub.warningsFor(id).filter((l) => /dropped|refused/.test(String(l.msg)));
    expect(dropped.length).toBeGreaterThanOrEqual(6);
    for (const l of dropped) expect(l.deviceId).toBe(id);
  });
});
