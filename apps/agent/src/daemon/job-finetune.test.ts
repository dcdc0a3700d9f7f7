import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fineTuningResultSchema, type JobMessage } from "@edgeseg/protocol";
import { loadSuite, manifestPath } from "@edgeseg/suites";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fineTuneForJob } from "./job-finetune.ts";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "edgeseg-job-finetune-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

// fineTuneForJob reads the job's suite and model only; the site goes into the agent's cache.
const jobFor = (sha256: string, scenarioOverrides: JobMessage["scenarioOverrides"] = {}) =>
  ({
    suite: { id: "standard-v1", version: "x", sha256 },
    model: { id: "unet2d-small" },
    scenarioOverrides,
    timeoutMs: 600_000,
  }) as unknown as JobMessage;
const cacheDir = () => join(dataDir, "cache");
const log = pino({ level: "silent" });

describe("fine-tuning for a campaign job", () => {
  it("runs standard-v1's scenario, sized by the job's overrides: a valid block, the site generated in the agent's cache", async () => {
    const loaded = await loadSuite("standard-v1");
    const manifest = manifestPath(loaded, loaded.suite.models[0]!.manifest);
    const block = await fineTuneForJob(
      cacheDir(),
      // The job sizes slices and steps; batch size, epochs and test cases stay the suite's (4, 6, 1).
      jobFor(loaded.sha256, { fineTuning: { trainSlices: 8, validationSlices: 2, maxSteps: 3 } }),
      manifest,
      new AbortController().signal,
      log,
    );
    expect(block).not.toBeNull();
    expect(fineTuningResultSchema.parse(block)).toEqual(block);
    expect(block?.status).toBe("succeeded");
    expect(block?.site).toMatchObject({ trainSlices: 8, testCases: loaded.suite.fineTuning!.testCases });
    expect(block?.batchSize).toBe(loaded.suite.fineTuning!.batchSize);
    expect(block?.steps).toBe(3); // 6 epochs × 2 steps, capped at 3
    expect(block?.site.dataset).toBe("phantom-abdomen-v1-site-b@218b8617");
    const json = JSON.parse(
      await readFile(
        join(dataDir, "cache/datasets/phantom-abdomen-v1-site-b-test-2-218b8617a83a1d99/dataset.json"),
        "utf8",
      ),
    );
    expect(json.generator.site).toBe("b");
  }, 600_000);

  it("leaves the block out for a suite this agent does not bundle (a hub-defined suite)", async () => {
    expect(
      await fineTuneForJob(
        cacheDir(),
        jobFor("0".repeat(64)),
        "/nowhere.json",
        new AbortController().signal,
        log,
      ),
    ).toBeNull();
  });
});
