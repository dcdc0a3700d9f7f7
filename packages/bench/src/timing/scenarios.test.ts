import { fileURLToPath } from "node:url";
import { createRuntime } from "@edgeseg/engine-core";
import { ONE_THREAD_CPU } from "@edgeseg/engine-core/testing";
import { latencyStatsSchema } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { runOffline } from "./offline.ts";
import { measureFirstInference, measureSessionCreate } from "./session.ts";
import { runSingleStream } from "./single-stream.ts";

const model = fileURLToPath(new URL("../../fixtures/models/threshold-seg/model.onnx", import.meta.url));
const options = ONE_THREAD_CPU;
const image = (batch: number) => ({
  image: {
    type: "float32" as const,
    data: new Float32Array(batch * 4096).fill(0.5),
    dims: [batch, 1, 64, 64],
  },
});

describe("scenarios on a real session", () => {
  it.each(["node", "wasm"] as const)(
    "SingleStream on %s runs past both minimums: VALID, schema-conformant",
    async (backend) => {
      const runtime = await createRuntime(backend);
      const { session, ms } = await measureSessionCreate(runtime, model, options);
      expect(ms).toBeGreaterThan(0);
      const query = session.prepare(image(1));
      expect(await measureFirstInference(query)).toBeGreaterThan(0);
      let calls = 0;
      const counted = () => {
        calls++;
        return query();
      };
      const stats = await runSingleStream(counted, {
        minDurationMs: 50,
        minQueries: 120,
        maxDurationMs: 10_000,
        warmupQueries: 3,
      });
      expect(latencyStatsSchema.parse(stats)).toEqual(stats);
      expect(stats.verdict).toBe("VALID");
      expect(stats.reasons).toEqual([]);
      expect(stats.count).toBeGreaterThanOrEqual(120);
      expect(calls).toBe(stats.count + 3);
      expect(stats.durationMs).toBeGreaterThanOrEqual(50);
      expect(stats.min).toBeLessThanOrEqual(stats.p50);
      expect(stats.p50).toBeLessThanOrEqual(stats.p90);
      expect(stats.p99).toBeLessThanOrEqual(stats.max);
      // The samples are the inference calls alone, so they cannot add up to more than the run.
      expect(stats.mean * stats.count).toBeLessThanOrEqual(stats.durationMs);
      await session.release();
    },
  );

  it("SingleStream with a tiny time cap is INVALID and says why", async () => {
    const session = await (await createRuntime("node")).createSession(model, options);
    const stats = await runSingleStream(session.prepare(image(1)), {
      minDurationMs: 1000,
      minQueries: 1000,
      maxDurationMs: 2,
      warmupQueries: 1,
    });
    expect(stats.verdict).toBe("INVALID");
    expect(stats.count).toBeLessThan(1000);
    expect(stats.reasons[0]).toMatch(/queries completed before the 2 ms time cap; the minimum is 1000/);
    await session.release();
  });

  it("SingleStream takes the throttling flag into the verdict", async () => {
    const stats = await runSingleStream(async () => {}, {
      minDurationMs: 0,
      minQueries: 100,
      maxDurationMs: 1000,
      warmupQueries: 0,
      throttled: () => true,
    });
    expect(stats.count).toBe(100);
    expect(stats.verdict).toBe("INVALID");
    expect(stats.reasons).toEqual([expect.stringMatching(/thermal throttling/)]);
  });

  it("Offline processes whole batches until the minimum image count and reports images/s", async () => {
    const session = await (await createRuntime("node")).createSession(model, options);
    let batches = 0;
    const batch = session.prepare(image(4));
    const stats = await runOffline(
      () => {
        batches++;
        return batch();
      },
      { batchSize: 4, minQueries: 10, warmupBatches: 1 },
    );
    expect(batches).toBe(4);
    expect(stats.images).toBe(12);
    expect(stats.imagesPerSecond).toBeCloseTo(12 / (stats.durationMs / 1000), 6);
    await session.release();
  });

  it("Offline stops at its time cap short of the minimum, with at least one timed batch, and says so", async () => {
    let batches = 0;
    // Batches of ≥ 30 ms against a 50 ms cap: one or two start before the cap (more on a loaded
    // machine is impossible: each takes at least 30 ms), far short of the 500 the minimum asks.
    const slow = async () => {
      batches++;
      await new Promise((r) => setTimeout(r, 30));
    };
    const stats = await runOffline(slow, { batchSize: 2, minQueries: 1000, maxDurationMs: 50 });
    expect(stats.capped).toBe(true);
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(2);
    expect(stats.durationMs).toBeGreaterThanOrEqual(50);
    expect(stats.images).toBe(batches * 2);
    // A cap of 0 still times one batch: a throughput needs something to divide.
    const once = await runOffline(slow, { batchSize: 2, minQueries: 1000, maxDurationMs: 0 });
    expect([once.images, once.capped]).toEqual([2, true]);
    // Without a cap the field is absent, as in documents of agents that had none.
    const uncapped = await runOffline(async () => {}, { batchSize: 2, minQueries: 4 });
    expect(uncapped).not.toHaveProperty("capped");
  });
});
