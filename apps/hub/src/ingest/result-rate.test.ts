import { preparePublish } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { startHub } from "../testing/hub.ts";
import { capturedLogger } from "../testing/logs.ts";
import { resultMessage } from "../testing/messages.ts";
import { createIngest, ResultRateLimited } from "./ingest.ts";
import { resultRateLimiter } from "./result-rate.ts";

describe("resultRateLimiter", () => {
  it("allows the burst, then one result per refill interval, per device", () => {
    const rate = resultRateLimiter({ perHour: 60, burst: 3 });
    const t = 1_000_000;
    expect([1, 2, 3, 4].map(() => rate.take("a", t).ok)).toEqual([true, true, true, false]);
    expect(rate.take("a", t)).toEqual({ ok: false, retryInMs: 60_000 });
    // Another device has its own bucket.
    expect(rate.take("b", t).ok).toBe(true);
    expect(rate.take("a", t + 59_999).ok).toBe(false);
    expect(rate.take("a", t + 60_000).ok).toBe(true);
    expect(rate.take("a", t + 60_000).ok).toBe(false);
    // A long silence refills to the burst, never beyond.
    const later = t + 10 * 3_600_000;
    expect([1, 2, 3, 4].map(() => rate.take("a", later).ok)).toEqual([true, true, true, false]);
  });

  it("holds at most maxDevices buckets: refilled ones go first, then the oldest", () => {
    const rate = resultRateLimiter({ perHour: 3600, burst: 2, maxDevices: 100 });
    for (let i = 0; i < 100; i++) rate.take(`d${i}`, 0);
    expect(rate.size()).toBe(100);
    // One second later every bucket has refilled (1/s): all are forgotten to make room.
    rate.take("new-1", 1000);
    expect(rate.size()).toBe(1);
    // 10,000 devices mid-burst at the same instant: the map never passes its bound.
    for (let i = 0; i < 10_000; i++) rate.take(`x${i}`, 2000);
    expect(rate.size()).toBeLessThanOrEqual(100);
  });
});

describe("ingest over the result rate", () => {
  it("throws before the PUBACK (the device re-sends), drops with a log line after it (external broker)", async () => {
    const hub = await startHub();
    try {
      await hub.addDevice("pi-rate-01");
      const logs = capturedLogger();
      const ingest = createIngest({ db: hub.db, logger: logs.logger, resultRate: { perHour: 1, burst: 1 } });
      const publish = () => preparePublish("results", resultMessage("pi-rate-01"));
      const first = publish();
      await ingest.handle(first.topic, first.payload);
      const second = publish();
      await expect(ingest.handle(second.topic, second.payload, { beforeAck: true })).rejects.toBeInstanceOf(
        ResultRateLimited,
      );
      // Behind an external broker the result was acknowledged already: dropped, named in the log.
      await ingest.handle(second.topic, second.payload);
      expect(logs.find("result over the device's rate limit; dropped")).toEqual([
        expect.objectContaining({
          deviceId: "pi-rate-01",
          resultId: JSON.parse(String(second.payload)).result.resultId,
        }),
      ]);
      expect(await hub.db.prisma.result.count({ where: { deviceId: "pi-rate-01" } })).toBe(1);
      await ingest.close();
    } finally {
      await hub.dispose();
    }
  });
});
