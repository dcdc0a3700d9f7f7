import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topicFor } from "@edgeseg/protocol";
import mqtt, { type MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { startBroker } from "../testing/broker.ts";
import { captureLogger } from "../testing/capture-logger.ts";
import { connectHub } from "../testing/hub-client.ts";
import { createPublisher, receiptWaitMs } from "./publisher.ts";
import { createSpool } from "./spool.ts";

const DEVICE = "pub-test-01";
const SECRET = "device-secret-0123456789abcdef";
const RESULT_ID = "3f1e2d4c-5b6a-4798-8a1b-0c2d3e4f5a6b";
const OTHER_ID = "3f1e2d4c-5b6a-4798-8a1b-0c2d3e4f5a6c";
const resultTopic = topicFor(DEVICE, "results");
const resultBytes = Buffer.from(`{"result":{"resultId":"${RESULT_ID}"},"n":"é"}`);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A real aedes broker, a test hub that never sends receipts, and a device client for the publisher. */
async function setup() {
  const broker = await startBroker({ [DEVICE]: SECRET });
  cleanups.push(() => broker.close());
  const hub = await connectHub(broker.port, { receipts: false });
  cleanups.push(() => hub.close());
  const device: MqttClient = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
    protocolVersion: 4,
    clientId: DEVICE,
    username: DEVICE,
    password: SECRET,
    reconnectPeriod: 0,
  });
  cleanups.push(() => device.endAsync(true));
  const dir = await mkdtemp(join(tmpdir(), "edgeseg-publisher-"));
  return { broker, hub, device, dir };
}

describe("spool publisher and storage receipts", () => {
  it("keeps a result after the PUBACK until its receipt; an error event goes at its PUBACK", async () => {
    const { hub, device, dir } = await setup();
    const { logger } = captureLogger();
    const spool = await createSpool(dir, { maxBytes: 1e6, logger });
    const publisher = createPublisher(spool, () => device, logger, {
      receiptWait: { firstMs: 60_000, maxMs: 60_000 },
    });
    cleanups.push(async () => publisher.stop());
    await spool.put("results", resultTopic, resultBytes, RESULT_ID);
    await spool.put("events", topicFor(DEVICE, "events"), Buffer.from("{}"), "event-1");
    await publisher.drain();

    await hub.waitFor((m) => m.kind === "results", 5000, "the result");
    await hub.waitFor((m) => m.kind === "events", 5000, "the event");
    expect(spool.list().map((e) => [e.id, e.deliveries])).toEqual([[RESULT_ID, 1]]);
    expect(await readdir(dir)).toEqual([`000000000001.${RESULT_ID}.sent-1.msg`]);

    // A receipt for a resultId the spool does not hold changes nothing.
    await publisher.receipt({ stored: [OTHER_ID], refused: [] });
    expect(spool.has(RESULT_ID)).toBe(true);
    await publisher.receipt({ stored: [RESULT_ID], refused: [] });
    expect(spool.list()).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    expect(hub.of("results")).toHaveLength(1);
  });

  it("publishes a result again, byte for byte, when no receipt comes within the window; doubling to the cap; one warning", async () => {
    const { hub, device, dir } = await setup();
    const { logger, warnings, lines } = captureLogger();
    const spool = await createSpool(dir, { maxBytes: 1e6, logger });
    const wait = { firstMs: 300, maxMs: 600 };
    const publisher = createPublisher(spool, () => device, logger, { receiptWait: wait });
    cleanups.push(async () => publisher.stop());
    await spool.put("results", resultTopic, resultBytes, RESULT_ID);
    const start = performance.now();
    await publisher.drain();

    // Copies at about 0, 300 (first window), 900 (doubled), 1500 (capped at 600) ms.
    await until(() => hub.of("results").length >= 4, 5000, "three copies after the first");
    const copies = hub.of("results");
    for (const c of copies) expect(c.payload).toEqual(resultBytes);
    expect(spool.list()[0]!.deliveries).toBeGreaterThanOrEqual(3);
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(300 + 600 + 600 - 50);
    expect([1, 2, 3, 4].map((n) => receiptWaitMs(n, wait))).toEqual([300, 600, 600, 600]);
    // One warning that the hub sends no receipts, however many copies; each copy logged at info.
    const noReceipt = warnings().filter((w) => w.msg.includes("no storage receipt"));
    expect(noReceipt).toHaveLength(1);
    expect(noReceipt[0]!.msg).toContain("at most every 1 s");
    expect(lines.filter((l) => l.msg.includes("publishing it again")).length).toBeGreaterThanOrEqual(3);

    // The receipt ends it: no more copies.
    await publisher.receipt({ stored: [RESULT_ID], refused: [] });
    const sent = hub.of("results").length;
    await sleep(900);
    expect(hub.of("results")).toHaveLength(sent);
    expect(spool.list()).toEqual([]);
  });

  it("a restart keeps the result awaiting its receipt and publishes it again only after a window", async () => {
    const { hub, device, dir } = await setup();
    const { logger } = captureLogger();
    const first = await createSpool(dir, { maxBytes: 1e6, logger });
    const before = createPublisher(first, () => device, logger, {
      receiptWait: { firstMs: 60_000, maxMs: 60_000 },
    });
    await first.put("results", resultTopic, resultBytes, RESULT_ID);
    await before.drain();
    before.stop();
    await hub.waitFor((m) => m.kind === "results", 5000, "the result");

    // The agent restarts: the entry is there, still marked as delivered once.
    const spool = await createSpool(dir, { maxBytes: 1e6, logger });
    expect(spool.list().map((e) => [e.id, e.deliveries])).toEqual([[RESULT_ID, 1]]);
    const publisher = createPublisher(spool, () => device, logger, {
      receiptWait: { firstMs: 500, maxMs: 500 },
    });
    cleanups.push(async () => publisher.stop());
    await publisher.drain();
    // Not at the connect's drain: its window starts afresh.
    await sleep(200);
    expect(hub.of("results")).toHaveLength(1);
    await until(() => hub.of("results").length === 2, 5000, "the copy after the window");
    expect(hub.of("results")[1]!.payload).toEqual(resultBytes);
    await until(() => spool.list()[0]?.deliveries === 2, 2000, "the second delivery recorded");

    // A refusal removes it too, with a warning.
    const { logger: l2, warnings } = captureLogger();
    const refusing = createPublisher(spool, () => device, l2);
    await refusing.receipt({ stored: [], refused: [RESULT_ID] });
    expect(spool.list()).toEqual([]);
    expect(warnings()[0]!.msg).toContain("refused");
  });

  it("a receipt that overtakes the PUBACK leaves nothing behind", async () => {
    const { device, dir } = await setup();
    const { logger } = captureLogger();
    const spool = await createSpool(dir, { maxBytes: 1e6, logger });
    const publisher = createPublisher(spool, () => device, logger);
    cleanups.push(async () => publisher.stop());
    await spool.put("results", resultTopic, resultBytes, RESULT_ID);
    // The receipt is applied while the publish waits for its PUBACK.
    const draining = publisher.drain();
    await publisher.receipt({ stored: [RESULT_ID], refused: [] });
    await draining;
    expect(spool.list()).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });
});
