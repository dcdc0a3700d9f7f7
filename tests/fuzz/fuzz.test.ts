/**
 * The CI slice of the fuzz suite: a fixed seed, a few dozen inputs per family, every family. The full
 * run (`npm run fuzz`, ≥ 1,000 per family) is in docs/security.md; this one keeps the zeros honest on
 * every change: no crash, no hang, no memory blow-up, no impossible value stored.
 */
import { describe, expect, it } from "vitest";
import { FAMILIES } from "./families/index.ts";
import { formatTable } from "./outcomes.ts";
import { runFamilies } from "./run-families.ts";

const SEED = 20261203;
const PER_FAMILY = Number(process.env.EDGESEG_FUZZ_CI_COUNT ?? 50);
/** EDGESEG_FUZZ_CI_FAMILY=mqtt,http runs part of the slice (to look into one family). */
const ONLY = process.env.EDGESEG_FUZZ_CI_FAMILY?.split(",");

describe("fuzz suite, fixed-seed slice", () => {
  it("[slow] refuses or accepts every input: 0 crashes, 0 hangs, 0 memory blow-ups, 0 impossible values stored", async () => {
    const families = FAMILIES.filter((f) => !ONLY || ONLY.includes(f.name));
    const reports = await runFamilies(families, {
      seed: SEED,
      count: PER_FAMILY,
      timeS: 120,
      timeoutMs: 10_000,
      memoryBoundMb: 512,
      verbose: process.env.EDGESEG_FUZZ_VERBOSE === "1",
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const table = formatTable(reports);
    const bad = reports.flatMap((r) =>
      r.findings.filter((f) => f.outcome !== "refused" && f.outcome !== "accepted"),
    );
    expect(bad, `${table}\n${JSON.stringify(bad, null, 1)}`).toEqual([]);
    for (const r of reports) {
      expect(r.inputs, r.family).toBe(PER_FAMILY);
      // Every family must both refuse and take something, or it is not exercising the code it names.
      expect(r.counts.refused, `${r.family} refused nothing`).toBeGreaterThan(0);
      expect(r.counts.accepted, `${r.family} accepted nothing`).toBeGreaterThan(0);
      expect(r.counts.crash + r.counts.hang + r.counts.memory, r.family).toBe(0);
    }
    const mqtt = reports.find((r) => r.family === "mqtt");
    if (mqtt) {
      expect(mqtt.extra.resultsStored).toBeGreaterThan(0);
      expect(mqtt.extra.impossibleStored).toBe(0);
      expect(mqtt.extra.otherDeviceResultAltered).toBe(0);
    }
  });
});
