import { describe, expect, it } from "vitest";
import { parseThrottled, type ThrottledQuery } from "../device/throttling.ts";
import { ThrottleTracker } from "./throttle-tracker.ts";

/** Replays recorded `vcgencmd get_throttled` outputs, one per poll. */
function replay(outputs: string[]): () => Promise<ThrottledQuery> {
  let i = 0;
  return async () => ({
    parsed: parseThrottled(outputs[Math.min(i++, outputs.length - 1)]!),
    source: "vcgencmd get_throttled",
  });
}

async function track(outputs: string[]) {
  const t = new ThrottleTracker(replay(outputs));
  await t.start();
  for (let i = 1; i < outputs.length - 1; i++) {
    t.tick();
    await new Promise((r) => setImmediate(r));
  }
  const { signal, flags } = await t.finish();
  return { observed: signal.observed, measured: signal.measured, flags, detail: signal.detail };
}

describe("ThrottleTracker", () => {
  it("sees no throttling on a cool, well-powered Pi", async () => {
    expect(await track(["throttled=0x0", "throttled=0x0", "throttled=0x0"])).toEqual({
      observed: false,
      measured: true,
      flags: "0x0",
      detail: "flags 0x0 before the run, 0x0 after, 0x0 seen (OR of every poll)",
    });
  });

  it("sees throttling that was active during the run", async () => {
    expect(await track(["throttled=0x0", "throttled=0x20002", "throttled=0x20000"])).toMatchObject({
      observed: true,
      flags: "0x20002",
    });
  });

  it("sees a sticky bit that appeared between two polls", async () => {
    expect(await track(["throttled=0x0", "throttled=0x0", "throttled=0x80000"])).toMatchObject({
      observed: true,
      flags: "0x80000",
    });
  });

  it("does not blame the run for throttling that happened before it", async () => {
    expect(await track(["throttled=0x50000", "throttled=0x50000", "throttled=0x50000"])).toMatchObject({
      observed: false,
    });
  });

  it("reports unknown where vcgencmd is missing", async () => {
    const t = new ThrottleTracker(async () => ({ parsed: null, source: "unavailable" }));
    await t.start();
    t.tick();
    expect(await t.finish()).toEqual({
      signal: {
        source: "vcgencmd get_throttled",
        measured: false,
        observed: null,
        detail: "not available on this device: no vcgencmd (it exists on Raspberry Pi OS only)",
      },
      flags: null,
    });
  });

  it("says why when vcgencmd exists but fails", async () => {
    const t = new ThrottleTracker(async () => ({
      parsed: null,
      source: "vcgencmd get_throttled failed: VCHI initialization failed",
    }));
    await t.start();
    expect((await t.finish()).signal).toMatchObject({
      measured: false,
      detail: "not measured: vcgencmd get_throttled failed: VCHI initialization failed",
    });
  });
});
