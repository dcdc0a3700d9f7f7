/**
 * Signed results through an external broker: the hub with `--broker` against Debian's Mosquitto, two
 * devices enrolled with the real `edgeseg-agent enroll` (each made its own Ed25519 key) and one enrolled
 * as an agent from before signing would (no key). Results are published straight to Mosquitto as the
 * devices, as a man in the middle or a compromised device could: a valid one is stored with its
 * signature; an altered one, one replayed under another device, one signed with another device's key
 * and one stripped of its signature are refused; the keyless device's result is stored unverified and
 * never ranked. `edgeseg-hub verify` then re-checks what was stored, and catches a document edited in
 * the database afterwards.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeDevice } from "@edgeseg/bench";
import type { Db } from "@edgeseg/db";
import { type ResultMessage, topicFor } from "@edgeseg/protocol";
import { signResult } from "@edgeseg/protocol/crypto";
import { afterAll, describe, expect, it } from "vitest";
import { enrollAgent } from "../support/agent-process.ts";
import { hubEnv, openHubDb } from "../support/hub-db.ts";
import { hubCli, startHubProcess } from "../support/hub-process.ts";
import { resultFor } from "../support/messages.ts";
import { startMosquitto } from "../support/mosquitto.ts";
import { asDevice, connectRaw, type RawClient } from "../support/mqtt.ts";
import { repoRoot, stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("signed-results");
let db: Db | undefined;
const clients: RawClient[] = [];
afterAll(async () => {
  for (const c of clients) await c.client.endAsync().catch(() => undefined);
  await stopAll();
  await db?.close();
  dir.remove();
});

const hubBin = join(repoRoot, "apps/hub/bin/edgeseg-hub.js");
const verify = (dataDir: string) => {
  const out = spawnSync(process.execPath, [hubBin, "verify", "--data-dir", dataDir, "--json"], {
    cwd: repoRoot,
    env: hubEnv(dataDir),
    encoding: "utf8",
    timeout: 60_000,
  });
  return {
    status: out.status,
    report: JSON.parse(out.stdout) as Record<string, unknown>,
    stderr: out.stderr,
  };
};

describe("signed results through Mosquitto", () => {
  it("[slow] valid stored with its signature; altered, replayed, wrong-key and stripped refused; unsigned kept unranked; verify re-checks", async () => {
    const hubPassword = randomBytes(24).toString("base64url");
    const mosquitto = await startMosquitto({
      dir: join(dir.path, "mosquitto"),
      users: { "edgeseg-hub": hubPassword },
      extra: ["use_username_as_clientid true"],
    });
    const dataDir = join(dir.path, "hub");
    const hub = await startHubProcess({
      dataDir,
      broker: `mqtt://edgeseg-hub:${hubPassword}@127.0.0.1:${mosquitto.port}`,
    });
    const token = () => hubCli<{ token: string }>(dataDir, ["token", "create"]).token;
    const a = enrollAgent({ hubUrl: hub.httpUrl, token: token(), dir: join(dir.path, "a") });
    const b = enrollAgent({ hubUrl: hub.httpUrl, token: token(), dir: join(dir.path, "b") });
    const keyOf = (configPath: string) =>
      readFileSync(JSON.parse(readFileSync(configPath, "utf8")).signingKeyFile as string, "utf8");
    const keyA = keyOf(a.configPath);
    const keyB = keyOf(b.configPath);

    // An agent from before signing: its enrolment request carries no signingKey.
    const { info } = await describeDevice();
    const old = await fetch(`${hub.httpUrl}/api/enroll`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        token: token(),
        fingerprint: "e".repeat(64),
        device: info,
        agentVersion: "0.0.9",
      }),
    });
    expect(old.status).toBe(201);
    const c = (await old.json()) as { deviceId: string; secret: string; signingKeyId?: string };
    expect(c.signingKeyId).toBeUndefined();

    for (const d of [a, b, c]) mosquitto.addUser(d.deviceId, d.secret);
    mosquitto.reload();
    const connectAs = async (d: { deviceId: string; secret: string }) => {
      const client = await waitFor(
        () => connectRaw(mosquitto.url, asDevice(d.deviceId, d.secret)).catch(() => undefined),
        `Mosquitto to accept ${d.deviceId}`,
        { timeoutMs: 10_000, everyMs: 200 },
      );
      clients.push(client);
      return client.client;
    };
    const [asA, asB, asC] = [await connectAs(a), await connectAs(b), await connectAs(c)];
    const publish = (client: typeof asA, msg: ResultMessage) =>
      client.publishAsync(topicFor(msg.deviceId, "results"), JSON.stringify(msg), { qos: 1 });
    db = await openHubDb(dataDir);
    const stored = (id: string) => db!.prisma.result.findUnique({ where: { id } });
    const refusedFor = async (resultId: string) =>
      waitFor(
        () =>
          hub.lines.find((l) => l.msg === "message refused; dropped" && String(l.reason).includes(resultId)),
        `the hub to refuse ${resultId}`,
        { timeoutMs: 15_000, context: () => hub.output().slice(-3000) },
      );

    // Valid: signed by A, published by A.
    const valid = resultFor(a.deviceId);
    valid.signature = signResult(a.deviceId, valid.result, keyA);
    await publish(asA, valid);
    const row = await waitFor(() => stored(valid.result.resultId), "the valid result row");
    expect(row.signature).toBe(valid.signature.value);
    expect(row.deviceId).toBe(a.deviceId);

    // Altered in transit: signed, then the peak memory halved (a model that fits a smaller class).
    const altered = resultFor(a.deviceId);
    altered.signature = signResult(a.deviceId, altered.result, keyA);
    altered.result.resources!.peakRssMb /= 2;
    await publish(asA, altered);
    expect(String((await refusedFor(altered.result.resultId)).reason)).toBe(
      `result ${altered.result.resultId} refused: the signature does not match the result as received for device ${a.deviceId}`,
    );

    // Replayed for another device: A's signed message, published by B on B's own topic and envelope.
    const replay = resultFor(a.deviceId);
    replay.signature = signResult(a.deviceId, replay.result, keyA);
    await publish(asB, { ...replay, deviceId: b.deviceId });
    expect(String((await refusedFor(replay.result.resultId)).reason)).toMatch(
      new RegExp(`signed with key [0-9a-f]{16}, but device ${b.deviceId} enrolled with key [0-9a-f]{16}$`),
    );

    // Wrong device's key: B signs a result claiming to be A's (published by A's connection).
    const wrongKey = resultFor(a.deviceId);
    wrongKey.signature = { ...signResult(a.deviceId, wrongKey.result, keyB) };
    await publish(asA, wrongKey);
    expect(String((await refusedFor(wrongKey.result.resultId)).reason)).toContain(
      `but device ${a.deviceId} enrolled with key`,
    );

    // Stripped: a device that enrolled a key must sign.
    const stripped = resultFor(a.deviceId);
    await publish(asA, stripped);
    expect(String((await refusedFor(stripped.result.resultId)).reason)).toContain(
      `device ${a.deviceId} enrolled a signing key but the result is unsigned`,
    );

    // The keyless device: kept, unverified, not ranked.
    const unsigned = resultFor(c.deviceId);
    await publish(asC, unsigned);
    const kept = await waitFor(() => stored(unsigned.result.resultId), "the unsigned result row");
    expect(kept).toMatchObject({ signature: null, rankable: false });
    expect(kept.unrankedReason).toContain("unverified: sent without a signature");

    for (const r of [altered, replay, wrongKey, stripped]) expect(await stored(r.result.resultId)).toBeNull();
    expect(await db.prisma.result.count()).toBe(2);

    const clean = verify(dataDir);
    expect(clean.status).toBe(0);
    expect(clean.report).toMatchObject({ checked: 2, verified: 1, failed: 0, unsigned: 1, failures: [] });

    // Edited in the database after ingest: verify notices and exits with the INTEGRITY code (5).
    const doc = JSON.parse(row.document);
    doc.accuracy.meanDice = 0.9999;
    await db.prisma.result.update({ where: { id: row.id }, data: { document: JSON.stringify(doc) } });
    const dirty = verify(dataDir);
    expect(dirty.status).toBe(5);
    expect(dirty.report).toMatchObject({ checked: 2, verified: 0, failed: 1, unsigned: 1 });
    expect(dirty.report.failures).toEqual([
      {
        resultId: row.id,
        deviceId: a.deviceId,
        reason: `the signature does not match the result as received for device ${a.deviceId}`,
      },
    ]);
    expect(dirty.stderr).toContain("1 of 2 stored results failed signature verification");
  });
});
