import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { decodeMessage, MAX_RECEIPT_IDS, parseTopic } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { capturedLogger } from "../testing/logs.ts";
import { createReceipts } from "./receipts.ts";

/** What a publish would put on the wire, decoded as the agent decodes it. */
function sink() {
  const sent: { deviceId: string; stored: string[]; refused: string[] }[] = [];
  const publish = async (topic: string, payload: Buffer) => {
    const parsed = parseTopic(topic);
    expect(parsed?.kind).toBe("commands");
    const decoded = decodeMessage("commands", payload, parsed!.deviceId);
    if (!decoded.ok) throw new Error(decoded.error);
    if (decoded.message.command !== "result-receipts") throw new Error("not a receipt");
    sent.push({ deviceId: parsed!.deviceId, ...decoded.message.args });
  };
  return { sent, publish };
}

describe("storage receipts", () => {
  it("sends one message per device for the results answered in one turn, at most 64 ids each", async () => {
    const { logger } = capturedLogger();
    const receipts = createReceipts(logger);
    const { sent, publish } = sink();
    receipts.attach(publish);
    const many = Array.from({ length: 70 }, () => randomUUID());
    for (const id of many) receipts.add("pi-batch-01", id, "stored");
    const refused = randomUUID();
    receipts.add("pi-batch-01", refused, "refused");
    const single = randomUUID();
    receipts.add("pi-batch-02", single, "stored");
    // The same result answered twice in a turn (two copies in one batch) is named once.
    receipts.add("pi-batch-02", single, "stored");
    await sleep(10);
    expect(sent.map((s) => [s.deviceId, s.stored.length, s.refused.length])).toEqual([
      ["pi-batch-01", MAX_RECEIPT_IDS, 0],
      ["pi-batch-01", 6, 1],
      ["pi-batch-02", 1, 0],
    ]);
    expect([...sent[0]!.stored, ...sent[1]!.stored]).toEqual(many);
    expect(sent[1]!.refused).toEqual([refused]);
    expect(receipts.stats()).toMatchObject({ messages: 3, stored: 71, refused: 1, failed: 0 });
  });

  it("keeps at most 8 receipts in flight: a batch answering 256 devices is no burst at the broker", async () => {
    const { logger } = capturedLogger();
    const receipts = createReceipts(logger);
    const { sent, publish } = sink();
    let inFlight = 0;
    let most = 0;
    receipts.attach(async (topic, payload) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await sleep(1); // the broker's PUBACK
      inFlight--;
      await publish(topic, payload);
    });
    for (let d = 0; d < 256; d++)
      receipts.add(`pi-many-${String(d).padStart(3, "0")}`, randomUUID(), "stored");
    await sleep(10);
    expect(most).toBe(8);
    for (let i = 0; i < 200 && sent.length < 256; i++) await sleep(10);
    expect(sent).toHaveLength(256);
    expect(new Set(sent.map((s) => s.deviceId)).size).toBe(256);
    expect(receipts.stats()).toMatchObject({ messages: 256, maxInFlight: 8, failed: 0, dropped: 0 });
  });

  it("holds receipts until it has a way to send them, and logs a send that fails", async () => {
    const { logger, find } = capturedLogger();
    const receipts = createReceipts(logger);
    const early = randomUUID();
    receipts.add("pi-early-01", early, "stored");
    await sleep(10);
    const { sent, publish } = sink();
    receipts.attach(publish);
    await sleep(10);
    expect(sent).toEqual([{ deviceId: "pi-early-01", stored: [early], refused: [] }]);

    receipts.attach(async () => {
      throw new Error("connection closed");
    });
    receipts.add("pi-early-01", randomUUID(), "stored");
    await sleep(10);
    expect(receipts.stats().failed).toBe(1);
    expect(find(/storage receipt not sent/)).toHaveLength(1);
  });
});
