import type { FineTuningResult, JobMessage } from "@edgeseg/protocol";
import type { JobLog } from "./job-messages.ts";

/**
 * The fine-tuning of a campaign job (docs/fine-tuning.md): when the job's suite is one this agent
 * bundles (same sha256) and it has a fineTuning scenario, the model's trainable part is fine-tuned on
 * the suite's second site after the inference run, in its own child process (sized by the job's
 * scenarioOverrides.fineTuning where it sets them), and the block goes into
 * the same result. A crash or out-of-memory kill is a failed block; input the agent cannot use (a
 * manifest without a cut) leaves the block out, logged, so the inference result still travels.
 * Runs in the job's child process (job-work.ts); the site is generated in `cacheDir` (`<dataDir>/cache`).
 */
export async function fineTuneForJob(
  cacheDir: string,
  job: JobMessage,
  manifestPath: string,
  signal: AbortSignal,
  log: JobLog,
): Promise<FineTuningResult | null> {
  const { BUNDLED_SUITES, loadSuite } = await import("@edgeseg/suites");
  let scenario = null;
  for (const id of BUNDLED_SUITES) {
    const loaded = await loadSuite(id).catch(() => null);
    if (loaded?.sha256 === job.suite.sha256) scenario = loaded.suite.fineTuning ?? null;
  }
  if (!scenario) return null;
  // The job's fine-tuning size on top of the suite's (the hub checked the test cases against the split).
  const sized = { ...scenario, ...job.scenarioOverrides.fineTuning };
  sized.testCases = Math.min(sized.testCases, scenario.site.test.cases);
  try {
    const { prepareSite, runFineTune } = await import("@edgeseg/finetune/run");
    const site = await prepareSite(scenario.site, cacheDir);
    // The device class's thread count, as the inference run of the same job uses it.
    const { describeDevice } = await import("@edgeseg/bench");
    const threads = (await describeDevice()).profile.runtime.threads;
    log.info({ model: job.model.id, site: site.label }, "fine-tuning started");
    const run = await runFineTune({
      spec: {
        manifestPath,
        trainDir: site.trainDir,
        testDir: site.testDir,
        datasetLabel: site.label,
        trainSlices: sized.trainSlices,
        validationSlices: sized.validationSlices,
        testCases: sized.testCases,
        epochs: sized.epochs,
        maxSteps: sized.maxSteps,
        batchSize: sized.batchSize,
        optimizer: scenario.optimizer,
        plateauMinDelta: scenario.plateau.minDelta,
        nsdToleranceMm: 2,
        threads,
        seed: 2026,
      },
      timeoutMs: job.timeoutMs,
      signal,
    });
    log.info({ status: run.block.status, steps: run.block.steps }, `fine-tuning ${run.block.status}`);
    return run.block;
  } catch (error) {
    log.warn({ err: (error as Error).message }, "fine-tuning not measured for this job");
    return null;
  }
}
