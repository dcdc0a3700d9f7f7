import { describe, expect, it } from "vitest";
import type { EnergyReading, EnergySource } from "../device/energy/types.ts";
import { EnergyMeter, traceOf } from "./energy-meter.ts";
import { RamTime } from "./ram-time.ts";

/** A source replaying recorded readings, one per read. */
function replay(readings: EnergyReading[]): EnergySource {
  let n = 0;
  return {
    name: "replay",
    minIntervalMs: 0,
    read: async () => readings[Math.min(n++, readings.length - 1)]!,
  };
}

describe("energy trace", () => {
  it("integrates power samples with the trapezoid rule", () => {
    const m = new EnergyMeter(replay([]));
    // 4 W for 1 s, then a ramp 4 → 8 W over 1 s: 4 + 6 = 10 J.
    m.add(1000, { kind: "power", watts: 4 });
    m.add(2000, { kind: "power", watts: 4 });
    m.add(3000, { kind: "power", watts: 8 });
    const trace = m.trace();
    expect(trace.joules).toBeCloseTo(10, 12);
    expect(trace.between(1000, 3000)).toBeCloseTo(10, 12);
    // Half of the flat second, interpolated inside it.
    expect(trace.between(1250, 1750)).toBeCloseTo(2, 12);
    // A window outside the samples is not made up.
    expect(trace.between(500, 1500)).toBeNull();
  });

  it("takes counter totals as they are and interpolates a window's ends", () => {
    const trace = traceOf([
      { atMs: 0, joules: 0 },
      { atMs: 200, joules: 3 },
      { atMs: 400, joules: 5 },
    ]);
    expect(trace.joules).toBe(5);
    expect(trace.between(100, 300)).toBeCloseTo(2.5, 12);
    expect(trace.between(0, 400)).toBe(5);
    expect(trace.between(300, 100)).toBeNull();
  });

  it("samples a source through tick and finish", async () => {
    const m = new EnergyMeter(
      replay([
        { kind: "energy", joules: 1 },
        { kind: "energy", joules: 4 },
      ]),
    );
    m.tick();
    m.tick(); // ignored: a read is still running
    const trace = await m.finish();
    expect(trace.samples).toBe(2);
    expect(trace.joules).toBe(3);
  });
});

describe("RamTime", () => {
  it("integrates resident memory over time in GB·s (trapezoid)", () => {
    const r = new RamTime();
    expect(r.gbS).toBeNull();
    r.add(0, 1024 * 1024); // 1 GB
    expect(r.gbS).toBeNull();
    r.add(1000, 1024 * 1024);
    r.add(3000, 3 * 1024 * 1024); // 2 s ramping 1 → 3 GB: 4 GB·s
    expect(r.gbS).toBeCloseTo(5, 12);
  });
});
