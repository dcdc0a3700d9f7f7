import type { Resources } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { traceOf } from "../isolation/energy-meter.ts";
import type { Engine } from "./engine.ts";
import { meterSingleStream, withPhaseEnergy } from "./phases.ts";

const available: NonNullable<Resources["energy"]> = {
  available: true,
  source: "INA3221 VDD_IN",
  unavailableReason: null,
  joules: 20,
  perCaseJ: null,
  perInferenceJ: null,
};
// 0 → 10 s at 2 W: 2 J per second.
const trace = traceOf([
  { atMs: 0, joules: 0 },
  { atMs: 10_000, joules: 20 },
]);

describe("withPhaseEnergy", () => {
  it("averages the cases' windows and divides the SingleStream window by its queries", () => {
    const e = withPhaseEnergy(available, trace, {
      cases: [
        { startMs: 1000, endMs: 2000 },
        { startMs: 2000, endMs: 5000 },
      ],
      singleStream: { startMs: 6000, endMs: 8000, queries: 400 },
    });
    expect(e).toEqual({ ...available, perCaseJ: (2 + 6) / 2, perInferenceJ: 4 / 400 });
  });

  it("leaves a figure null when its window is not covered by samples, or there was none", () => {
    const e = withPhaseEnergy(available, trace, {
      cases: [{ startMs: 9000, endMs: 11_000 }],
      singleStream: null,
    });
    expect(e).toMatchObject({ perCaseJ: null, perInferenceJ: null });
  });

  it("does not touch an unavailable sensor", () => {
    const none = { ...available, available: false, joules: null, unavailableReason: "no sensor" };
    expect(withPhaseEnergy(none, null, { cases: [{ startMs: 0, endMs: 1 }], singleStream: null })).toBe(none);
  });
});

describe("meterSingleStream", () => {
  it("counts every query from the first call until Offline prepares its batch", async () => {
    let ran = 0;
    const query = async () => {
      ran++;
    };
    const engine = {
      sessionCreateMs: 1,
      executionProvider: "cpu",
      requestedFallbacks: [],
      maxBatch: 4,
      segment: async () => ({
        labels: new Uint8Array(),
        slices: 0,
        timing: { preprocessMs: 0, inferMs: 0, postprocessMs: 0 },
      }),
      prepareQueries: () => [query, query],
      prepareBatch: () => query,
      release: async () => {},
    } satisfies Engine;
    const metered = meterSingleStream(engine);
    const [a, b] = metered.engine.prepareQueries(null as never, new Uint8Array(), 2);
    for (let i = 0; i < 5; i++) await a!();
    await b!();
    const batch = metered.engine.prepareBatch(null as never, new Uint8Array(), 4);
    await batch!(); // Offline: outside the window, not counted
    const w = metered.window()!;
    expect(w.queries).toBe(6);
    expect(ran).toBe(7);
    expect(w.endMs).toBeGreaterThanOrEqual(w.startMs);
    expect(metered.engine.maxBatch).toBe(4);
  });

  it("has no window when no query ran", () => {
    const engine = { prepareQueries: () => [], prepareBatch: () => null } as unknown as Engine;
    expect(meterSingleStream(engine).window()).toBeNull();
  });
});
