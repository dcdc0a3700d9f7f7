import { randomUUID } from "node:crypto";
import { encodeMessage, exampleResultDocument, type ResultMessage, topicFor } from "@edgeseg/protocol";
import { generateSigningKeyPair, signResult } from "@edgeseg/protocol/crypto";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, type TestHub } from "../testing/hub.ts";
import { seedJob } from "../testing/jobs.ts";
import { message, resultMessage, send } from "../testing/messages.ts";
import { closed, connect } from "../testing/mqtt.ts";
import { waitFor } from "../testing/wait.ts";

/**
 * Through a real hub and broker on 127.0.0.1: which results are ranked, which refused, and what the
 * log says (docs/security.md, "Only dispatched work is ranked").
 */
const doc = exampleResultDocument;
let hub: TestHub;
const keys = new Map<string, string>();
const clients: MqttClient[] = [];

/** An enrolled device with a signing key, as a current agent enrols; connected. */
async function signingDevice(id: string): Promise<MqttClient> {
  const secret = await hub.addDevice(id);
  const pair = generateSigningKeyPair();
  await hub.db.prisma.device.update({ where: { id }, data: { signingKey: pair.publicKey } });
  keys.set(id, pair.privateKeyPem);
  const client = await connect(hub.mqttUrl, { clientId: id, username: id, password: secret, clean: true });
  clients.push(client);
  return client;
}

/** A signed result message of `deviceId` for `jobId` (attempt 1) or none. */
function signed(deviceId: string, jobId: string | null, patch: Partial<typeof doc> = {}): ResultMessage {
  const base = resultMessage(deviceId);
  const result = { ...base.result, ...patch };
  return {
    ...base,
    jobId,
    attempt: jobId ? 1 : null,
    result,
    signature: signResult(deviceId, result, keys.get(deviceId)!),
  };
}

const row = (resultId: string) =>
  hub.db.prisma.result.findUnique({
    where: { id: resultId },
    select: { deviceId: true, origin: true, rankable: true, unrankedReason: true, jobId: true },
  });
const stored = (resultId: string) =>
  waitFor(async () => (await row(resultId)) ?? undefined, `result ${resultId}`);

beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  for (const c of clients) c.end(true);
  await hub.dispose();
});

describe("only dispatched work is ranked, end to end", () => {
  let pi: MqttClient;
  beforeAll(async () => {
    pi = await signingDevice("pi-rank-01");
    const catalogue = {
      suiteSha256: doc.suite!.sha256,
      suiteDefinition: {
        format: 1,
        dataset: { id: doc.dataset.id, sha256: doc.dataset.sha256 },
        models: [],
        suite: {},
      },
    };
    await seedJob(hub.db, {
      id: "job-right",
      deviceId: "pi-rank-01",
      model: { id: doc.model.id, version: doc.model.version },
      manifestSha256: doc.model.manifestSha256,
      ...catalogue,
    });
    await seedJob(hub.db, { id: "job-other-model", deviceId: "pi-rank-01", ...catalogue });
  });

  it("stores a device-initiated result, never ranked, and logs why", async () => {
    const msg = signed("pi-rank-01", null);
    await send(pi, "results", msg);
    expect(await stored(msg.result.resultId)).toEqual({
      deviceId: "pi-rank-01",
      origin: "device",
      rankable: false,
      unrankedReason: "started on the device, not dispatched by the hub",
      jobId: null,
    });
    const line = hub.logs.find("result stored").find((l) => l.resultId === msg.result.resultId);
    expect(line).toMatchObject({
      rankable: false,
      unrankedReason: "started on the device, not dispatched by the hub",
    });
  });

  it("stores a result for a model its job did not name, not ranked, and fails the job", async () => {
    const msg = signed("pi-rank-01", "job-other-model");
    await send(pi, "results", msg);
    expect(await stored(msg.result.resultId)).toMatchObject({
      origin: "job",
      rankable: false,
      unrankedReason: "its job named another model or suite",
      jobId: "job-other-model",
    });
    const job = await hub.db.prisma.job.findUniqueOrThrow({ where: { id: "job-other-model" } });
    expect(job.status).toBe("failed");
  });

  it("ranks the signed answer to the job the hub dispatched to that device", async () => {
    const msg = signed("pi-rank-01", "job-right");
    await send(pi, "results", msg);
    expect(await stored(msg.result.resultId)).toMatchObject({
      origin: "job",
      rankable: true,
      unrankedReason: null,
      jobId: "job-right",
    });
  });

  it("refuses a result dated in the far future, naming createdAt", async () => {
    const msg = signed("pi-rank-01", null, { createdAt: "2999-01-01T00:00:00.000Z" });
    await send(pi, "results", msg);
    const line = await waitFor(
      () =>
        hub.logs.find("message refused; dropped").find((l) => String(l.reason).includes(msg.result.resultId)),
      "the refusal",
    );
    expect(line.reason).toMatch(
      /createdAt 2999-01-01T00:00:00.000Z is \d+ h ahead of the hub's clock \(at most 24 h\)/,
    );
    expect(await row(msg.result.resultId)).toBeNull();
  });

  it("refuses an impossible document at decoding, naming the field", async () => {
    const msg = signed("pi-rank-01", null);
    const bad = structuredClone(msg);
    bad.result.accuracy!.organs["liver"]!.meanDice = 1;
    bad.result.accuracy!.meanDice = 1;
    // The agent's encoder refuses it too; an attacker publishes the raw JSON.
    expect(() => encodeMessage("results", bad)).toThrow(/accuracy\.organs\.liver\.meanDice/);
    await pi.publishAsync(topicFor("pi-rank-01", "results"), JSON.stringify(bad), { qos: 1 });
    const line = await waitFor(
      () =>
        hub.logs
          .find("invalid message dropped")
          .find((l) => /meanDice 1 but its cases' DSC average/.test(String(l.reason))),
      "the drop",
    );
    expect(line.reason).toMatch(/^results: result\.accuracy\.organs\.liver\.meanDice: meanDice 1/);
    expect(await row(bad.result.resultId)).toBeNull();
  });

  it("warns, with both device ids, when another device sends a stored resultId", async () => {
    const first = signed("pi-rank-01", null);
    await send(pi, "results", first);
    await stored(first.result.resultId);
    const other = await signingDevice("pi-rank-02");
    const copy = signed("pi-rank-02", null, { resultId: first.result.resultId });
    await send(other, "results", copy);
    const line = await waitFor(() => hub.logs.find(/^resultId collision/)[0], "the collision warning");
    expect(line).toMatchObject({ level: 40, deviceId: "pi-rank-02", storedDeviceId: "pi-rank-01" });
    expect(line.msg).toBe(
      `resultId collision: device pi-rank-02 sent result ${first.result.resultId}, already stored for device pi-rank-01; the stored result is kept, this one dropped`,
    );
    expect((await row(first.result.resultId))?.deviceId).toBe("pi-rank-01");
  });
});

describe("device event text", () => {
  it("is escaped before the log and the job's lastError: no forged lines, no reordering, no NUL", async () => {
    const pi = await signingDevice("pi-events-01");
    await seedJob(hub.db, { id: "job-events", deviceId: "pi-events-01" });
    const text = 'disk full\r\n{"level":30,"msg":"device approved"}\u202Eexe.txt\u0000\u2066end';
    await send(pi, "events", message("events", "pi-events-01", { jobId: "job-events", message: text }));
    const line = await waitFor(
      () => hub.logs.find(/^device error: /).find((l) => l.deviceId === "pi-events-01"),
      "the event's log line",
    );
    const escaped = 'disk full\\r\\n{"level":30,"msg":"device approved"}\\u202eexe.txt\\u0000\\u2066end';
    expect(line.msg).toBe(`device error: ${escaped}`);
    const job = await waitFor(async () => {
      const j = await hub.db.prisma.job.findUniqueOrThrow({ where: { id: "job-events" } });
      return j.lastError ?? undefined;
    }, "the job's lastError");
    expect(job).toMatch(new RegExp(`: ${escaped.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}$`));
  });
});

describe("results per device are rate-limited", () => {
  let limited: TestHub;
  let clock = Date.parse("2026-12-01T10:00:00Z");
  beforeAll(async () => {
    limited = await startHub({ resultBurst: 2, resultsPerHour: 1, now: () => new Date(clock) });
  });
  afterAll(() => limited.dispose());

  it("stores the burst, leaves the next result unacknowledged for the device to keep, and takes it once refilled", async () => {
    const id = "pi-flood-01";
    const secret = await limited.addDevice(id);
    const login = { clientId: id, username: id, password: secret, clean: true, reconnectPeriod: 0 };
    const client = await connect(limited.mqttUrl, login);
    const count = () => limited.db.prisma.result.count({ where: { deviceId: id } });
    const msgs = [0, 1, 2].map(() => resultMessage(id, randomUUID()));
    await send(client, "results", msgs[0]!);
    await send(client, "results", msgs[1]!);
    expect(await count()).toBe(2);
    // The third gets no PUBACK: the broker closes the connection and the agent's spool still holds it.
    send(client, "results", msgs[2]!).catch(() => {});
    await closed(client);
    client.end(true);
    const line = await waitFor(
      () =>
        limited.logs.find(
          "result over the device's rate limit; not acknowledged, the device keeps it and re-sends it",
        )[0],
      "the rate-limit log line",
    );
    expect(line).toMatchObject({ deviceId: id, resultId: msgs[2]!.result.resultId, retryInS: 3600 });
    expect(await count()).toBe(2);
    // An hour later one token is back: the re-sent result is stored.
    clock += 3_600_000;
    const again = await connect(limited.mqttUrl, login);
    await send(again, "results", msgs[2]!);
    expect(await count()).toBe(3);
    again.end(true);
  });
});
