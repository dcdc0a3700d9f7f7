/**
 * TLS end to end with real processes on 127.0.0.1: `edgeseg-hub tls init`, then `edgeseg-hub serve`
 * picks the certificate up (mqtts and https). `edgeseg-agent enroll` over https refuses a hub that
 * does not present the pinned CA before the token leaves the device, then enrols with the right
 * fingerprint; the agent runs a job over mqtts and fetches its artifacts over https, both verified
 * against the pinned CA, and the result arrives signed. A server with a certificate from another CA
 * is refused by the agent's MQTT and HTTPS clients alike.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:tls";
import type { Db } from "@edgeseg/db";
import mqtt from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { hubRequest } from "../../apps/agent/src/net/hub-request.ts";
import { fetchPinnedCa, pinnedTlsOptions } from "../../apps/agent/src/net/pinned-ca.ts";
import { enrollAgent, startAgentProcess } from "../support/agent-process.ts";
import { FAST_DATASET_ID, fastCampaign, writeFastSuite } from "../support/fast-suite.ts";
import { openHubDb } from "../support/hub-db.ts";
import { hubCli, startHubProcess } from "../support/hub-process.ts";
import { repoRoot, stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("fleet-tls");
let db: Db | undefined;
afterAll(async () => {
  await stopAll();
  await db?.close();
  dir.remove();
});

const agentBin = join(repoRoot, "apps/agent/bin/edgeseg-agent.js");
const tlsInit = (dataDir: string) =>
  hubCli<{ caFingerprint: string; caCert: string; serverCert: string; serverKey: string }>(dataDir, [
    "tls",
    "init",
    "--hostnames",
    "localhost",
  ]);

describe("TLS with a pinned CA, end to end", () => {
  it("[slow] enrolment over https refuses the wrong CA, pins the right one; job over mqtts and https; signed result", async () => {
    const dataDir = join(dir.path, "hub");
    const issued = tlsInit(dataDir);
    const imposter = tlsInit(join(dir.path, "imposter"));
    expect(imposter.caFingerprint).not.toBe(issued.caFingerprint);

    const hub = await startHubProcess({ dataDir });
    expect(hub.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(hub.mqttUrl).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    const fast = await writeFastSuite(join(dir.path, "suite"));
    hubCli(dataDir, ["suite", "import", fast.suitePath]);
    const { token } = hubCli<{ token: string }>(dataDir, ["token", "create"]);

    const enroll = (extra: string[], configPath: string) =>
      spawnSync(
        process.execPath,
        [agentBin, "enroll", "--hub", hub.httpUrl, "--token", token, "--config", configPath, ...extra],
        { cwd: repoRoot, encoding: "utf8", timeout: 60_000 },
      );
    const refusedConfig = join(dir.path, "refused", "agent.json");
    const noPin = enroll([], refusedConfig);
    expect(noPin.status).toBe(2);
    expect(noPin.stderr).toContain(`--ca-fingerprint is required for ${hub.httpUrl}`);
    const wrongPin = enroll(["--ca-fingerprint", imposter.caFingerprint], refusedConfig);
    expect(wrongPin.status).toBe(5);
    expect(wrongPin.stderr).toContain(`presented no certificate of the pinned CA ${imposter.caFingerprint}`);
    expect(wrongPin.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(refusedConfig)).toBe(false);

    // The refused attempts never sent the token: it still enrols (as openssl's colon form, too).
    const colonForm = issued.caFingerprint.slice(7).toUpperCase().match(/../g)!.join(":");
    const agent = enrollAgent({
      hubUrl: hub.httpUrl,
      token,
      dir: join(dir.path, "agent"),
      datasets: { [FAST_DATASET_ID]: fast.datasetDir },
      caFingerprint: colonForm,
    });
    expect(agent.mqttUrl).toBe(hub.mqttUrl);
    const config = JSON.parse(readFileSync(agent.configPath, "utf8"));
    expect(config.caFingerprint).toBe(issued.caFingerprint);
    expect(config.caCert.trim()).toBe(readFileSync(issued.caCert, "utf8").trim());
    expect(config.signingKeyFile).toBe(join(dir.path, "agent", "agent.signing-key.pem"));

    db = await openHubDb(dataDir);
    const device = await db.prisma.device.findUniqueOrThrow({ where: { id: agent.deviceId } });
    expect(device.signingKey).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const running = await startAgentProcess(agent.configPath);
    expect(running.lines.some((l) => l.msg === `connected to ${hub.mqttUrl}`)).toBe(true);
    const [jobId] = await fastCampaign(db, [agent.deviceId]);
    const row = await waitFor(
      () => db!.prisma.result.findUnique({ where: { jobId } }),
      "the result over mqtts",
      {
        timeoutMs: 90_000,
        context: () => `${running.output().slice(-2000)}\n---\n${hub.output().slice(-2000)}`,
      },
    );
    expect(row.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(row.unrankedReason ?? "").not.toContain("unverified");
    const verified = hubCli<{ verified: number; failed: number; unsigned: number }>(dataDir, ["verify"]);
    expect(verified).toMatchObject({ verified: 1, failed: 0, unsigned: 0 });

    // An imposter with another CA's certificate for the same name: MQTT and HTTPS clients refuse it.
    const pin = await fetchPinnedCa(new URL(hub.httpUrl), issued.caFingerprint);
    const fake = createServer(
      { cert: readFileSync(imposter.serverCert), key: readFileSync(imposter.serverKey) },
      (s) => s.destroy(),
    );
    await new Promise<void>((r) => fake.listen(0, "127.0.0.1", () => r()));
    const port = (fake.address() as { port: number }).port;
    try {
      const mqttError = await new Promise<string>((resolve) => {
        const client = mqtt.connect(`mqtts://127.0.0.1:${port}`, {
          ...pinnedTlsOptions(pin),
          protocolVersion: 4,
          reconnectPeriod: 0,
          connectTimeout: 5000,
        });
        client.once("connect", () => resolve("connected"));
        client.once("error", (e) => {
          client.end(true);
          resolve(String((e as NodeJS.ErrnoException).code ?? e.message));
        });
      });
      expect(mqttError).toBe("SELF_SIGNED_CERT_IN_CHAIN");
      const httpError = await hubRequest(`https://127.0.0.1:${port}/healthz`, { pin }).then(
        () => "answered",
        (e: NodeJS.ErrnoException) => e.code,
      );
      expect(httpError).toBe("SELF_SIGNED_CERT_IN_CHAIN");
      // The real hub passes the same check, by IP and by name.
      for (const url of [hub.httpUrl, hub.httpUrl.replace("127.0.0.1", "localhost")]) {
        const res = await hubRequest(`${url}/healthz`, { pin });
        res.resume();
        expect(res.statusCode).toBe(200);
      }
    } finally {
      fake.close();
    }
  });
});
