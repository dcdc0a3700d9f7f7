// The fine-tuning loop on the phantom's site shift, in a child process like a benchmark: the loss falls,
// the site's test DSC rises by a stated margin, and a run over its memory limit is a failed block.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writePhantomDataset } from "@edgeseg/phantom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FineTuneRun, runFineTune } from "./run-finetune.ts";
import type { FineTuneSpec } from "./spec.ts";
import { plateau } from "./train.ts";

const manifest = (id: string) =>
  fileURLToPath(new URL(`../../../suites/standard-v1/models/${id}/manifest.json`, import.meta.url));

/**
 * The small, fast configuration: 2 site-B train cases, 24 slices (batch 4, 6 epochs = 36 Adam steps at
 * 3e-3) and 1 test case. Measured on this machine (2 shared cores, loaded): unet2d-small's DSC on the
 * site-B test case 0.862 -> 0.875 (+0.013), NSD 0.770 -> 0.795; the test asks for at least +0.005.
 */
const DSC_MARGIN = 0.005;

let dir: string;
let spec: FineTuneSpec;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgeseg-finetune-run-"));
  await writePhantomDataset(join(dir, "train"), { split: "train", site: "b", cases: 2 });
  await writePhantomDataset(join(dir, "test"), { split: "test", site: "b", cases: 1 });
  spec = {
    manifestPath: manifest("unet2d-small"),
    trainDir: join(dir, "train"),
    testDir: join(dir, "test"),
    datasetLabel: "phantom-abdomen-v1-site-b (2 train, 1 test case)",
    trainSlices: 24,
    validationSlices: 6,
    testCases: 1,
    epochs: 6,
    maxSteps: 36,
    batchSize: 4,
    optimizer: { name: "adam", learningRate: 3e-3 },
    plateauMinDelta: 0.005,
    nsdToleranceMm: 2,
    threads: 2,
    seed: 2026,
  };
}, 240_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("fine-tuning unet2d-small on site B", () => {
  let run: FineTuneRun;
  beforeAll(async () => {
    run = await runFineTune({ spec });
  }, 300_000);

  it("succeeds with every figure of the block measured", () => {
    const f = run.block;
    console.log(
      JSON.stringify({ ...f, validation: run.detail?.validation, cachedBytes: run.detail?.cachedBytes }),
    );
    expect(f.status).toBe("succeeded");
    expect(f.mechanism).toBe("onnx-backward-graphs/1");
    expect(f.steps).toBe(36);
    expect(f.epochs).toBe(6);
    expect(f.trainable.parameters).toBeGreaterThan(1000);
    expect(f.trainable.frozenParameters).toBeGreaterThan(f.trainable.parameters);
    expect(f.stepMs?.p50).toBeGreaterThan(0);
    expect(f.epochMs).toBeGreaterThan(f.stepMs?.p50 as number);
    expect(f.totalMs).toBeGreaterThan((f.epochMs as number) * 6 * 0.9);
    expect(f.peakRssMb).toBeGreaterThan(50);
    // 24 slices' cut tensors (16 x 64 x 64 + 8 x 128 x 128 floats) and int64 label maps, plus 6 validation slices.
    expect(run.detail?.cachedBytes).toBe(30 * (16 * 64 * 64 * 4 + 8 * 128 * 128 * 4 + 128 * 128 * 8));
  });

  it("lowers the loss over the steps on the site shift", () => {
    const losses = run.detail?.losses ?? [];
    expect(losses).toHaveLength(36);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // One epoch's steps at the start against the last epoch's: batches differ, so compare means.
    expect(mean(losses.slice(-6))).toBeLessThan(mean(losses.slice(0, 6)) * 0.9);
  });

  it(`improves the site's test DSC by at least ${DSC_MARGIN}`, () => {
    const { before, after } = run.block;
    expect(after!.meanDice - before!.meanDice).toBeGreaterThanOrEqual(DSC_MARGIN);
    expect(after!.meanNsd).toBeGreaterThan(before!.meanNsd);
  });
});

describe("memory limit", () => {
  it("a fine-tuning over its memory limit is a failed block, out-of-memory, and the caller lives", async () => {
    const run = await runFineTune({ spec: { ...spec, maxSteps: 4 }, memoryLimitMb: 120 });
    expect(run.block.status).toBe("failed");
    expect(run.block.failure?.reason).toBe("out-of-memory");
    expect(run.block.before).toBeNull();
    expect(run.block.trainable.parameters).toBeGreaterThan(1000);
    expect(run.detail).toBeNull();
    // This process (the agent's place) carried on: it can run the next thing.
    expect(process.memoryUsage().rss).toBeGreaterThan(0);
  });
});

describe("plateau", () => {
  const marks = [0, 1, 2, 3, 4].map((e) => ({ step: e * 6, ms: e * 1000 }));
  it("is the first evaluation within minDelta of the run's best, once the run has levelled off", () => {
    // Measured shape: a slow first epoch, then gains, then less than minDelta.
    expect(plateau([0.853, 0.853, 0.857, 0.871, 0.875], marks, 0.005)).toEqual({ step: 18, ms: 3000 });
    expect(plateau([0.8, 0.79, 0.79], marks, 0.005)).toEqual({ step: 0, ms: 0 });
    // Still climbing by more than minDelta at the last epoch: not reached.
    expect(plateau([0.8, 0.81, 0.82], marks, 0.005)).toBeNull();
  });
});
