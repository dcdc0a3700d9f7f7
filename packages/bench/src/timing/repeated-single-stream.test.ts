import { fileURLToPath } from "node:url";
import { createRuntime } from "@edgeseg/engine-core";
import { type LatencyStats, latencyStatsSchema, repeatStatsSchema } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { coefficientOfVariation, median } from "./repeat-rule.ts";
import { mergeRepeats, runRepeatedSingleStream } from "./repeated-single-stream.ts";

const model = fileURLToPath(new URL("../../fixtures/models/threshold-seg/model.onnx", import.meta.url));
const settings = { minDurationMs: 30, minQueries: 100, maxDurationMs: 10_000, warmupQueries: 4 };

const stats = (p50: number, reasons: string[] = []): LatencyStats => ({
  count: 100,
  durationMs: 100 * p50,
  p50,
  p90: p50 * 1.2,
  p99: p50 * 1.5,
  mean: p50,
  std: 0.1,
  min: p50 * 0.9,
  max: p50 * 2,
  verdict: reasons.length === 0 ? "VALID" : "INVALID",
  reasons,
});

describe("runRepeatedSingleStream on a real session", () => {
  it("warms up once, repeats within the rule and reports a series consistent with it", async () => {
    const runtime = await createRuntime("node");
    const session = await runtime.createSession(model, {
      intraOpThreads: 1,
      graphOptimizationLevel: "all",
      executionProviders: ["cpu"],
      memoryArena: true,
      memoryPattern: true,
    });
    const query = session.prepare({
      image: { type: "float32", data: new Float32Array(4096).fill(0.5), dims: [1, 1, 64, 64] },
    });
    let calls = 0;
    const rule = { minRepeats: 2, maxRepeats: 4, maxCov: 0.2 };
    const done: number[] = [];
    const { singleStream, repeats } = await runRepeatedSingleStream(
      () => {
        calls++;
        return query();
      },
      settings,
      rule,
      (n) => done.push(n),
    );
    await session.release();
    const r = repeatStatsSchema.parse(repeats);
    latencyStatsSchema.parse(singleStream);
    const n = r.p50Ms.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(4);
    expect(done).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(r.cov).toBe(coefficientOfVariation(r.p50Ms));
    expect(r.medianP50Ms).toBe(median(r.p50Ms));
    expect(r.medianP90Ms).toBe(median(r.p90Ms));
    expect(r.stability).toBe(r.cov <= rule.maxCov ? "STABLE" : "UNSTABLE");
    // Stopped early only because the spread was within the rule.
    if (n < rule.maxRepeats) expect(r.cov).toBeLessThanOrEqual(rule.maxCov);
    // The reported SingleStream is one of the repeats, and warm-up ran only before the first.
    expect(r.p50Ms).toContain(singleStream.p50);
    expect(singleStream.verdict).toBe("VALID");
    expect(calls).toBeGreaterThanOrEqual(n * settings.minQueries + settings.warmupQueries);
  });

  it("runs once and reports no series without a rule", async () => {
    let calls = 0;
    const { singleStream, repeats } = await runRepeatedSingleStream(
      async () => {
        calls++;
      },
      { ...settings, minDurationMs: 0 },
      undefined,
    );
    expect(repeats).toBeNull();
    expect(singleStream.count).toBe(100);
    expect(calls).toBe(104);
  });
});

describe("mergeRepeats", () => {
  it("reports the repeat at the median p50", () => {
    const merged = mergeRepeats([stats(6.48), stats(3.7), stats(6.17)]);
    expect(merged).toEqual(stats(6.17));
  });

  it("is INVALID when any repeat was, naming the repeat, even if the chosen one was VALID", () => {
    const merged = mergeRepeats([stats(5), stats(4, ["only 40 queries completed"]), stats(6)]);
    expect(merged.p50).toBe(5);
    expect(merged.verdict).toBe("INVALID");
    expect(merged.reasons).toEqual(["repeat 2 of 3: only 40 queries completed"]);
  });

  it("keeps within the schema's 20 reasons and counts the rest", () => {
    const runs = Array.from({ length: 12 }, (_, i) => stats(i + 1, ["a", "b"]));
    const merged = latencyStatsSchema.parse(mergeRepeats(runs));
    expect(merged.reasons).toHaveLength(20);
    expect(merged.reasons[19]).toBe("and 5 more reasons from other repeats");
  });
});
