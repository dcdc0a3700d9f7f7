import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ScenarioOverrides } from "@edgeseg/protocol";
import { type Browser, launchChromium } from "../../scripts/stack/browser.ts";
import { freePort } from "../../scripts/stack/ports.ts";
import { type Stack, startStack } from "../../scripts/stack/stack.ts";

/**
 * Short runs that still come out VALID: 100 SingleStream queries (the p99 tail rule's minimum) with
 * no minimum duration, one case for accuracy, and a fine-tuning of two steps on four slices (scored
 * before and after like the suite's). The standard suite's own settings take ~1 minute per model for
 * the inference run and up to another for the fine-tuning.
 */
export const SHORT_RUNS: ScenarioOverrides = {
  singleStream: { minDurationMs: 0, minQueries: 100, maxDurationMs: 20_000 },
  offline: { batchSize: 4, minQueries: 8 },
  warmupQueries: 2,
  maxCases: 1,
  fineTuning: { trainSlices: 4, validationSlices: 2, epochs: 2, maxSteps: 2 },
};

export interface BrowserStack {
  stack: Stack;
  browser: Browser;
  /** Quick start progress lines, for failure messages. */
  progress: string[];
  close(): Promise<void>;
}

/**
 * The quick start's stack in a temp directory on free ports — production dashboard build (built
 * first when stale), real hub, real agent — with its campaign of the suite's three models run to the
 * end (within `campaignTimeoutMs`, default 150 s), and Debian's Chromium. `close()` stops everything and
 * removes the directory, whatever failed.
 */
export async function startBrowserStack(opts: { campaignTimeoutMs?: number } = {}): Promise<BrowserStack> {
  const root = mkdtempSync(join(tmpdir(), "edgeseg-browser-"));
  const progress: string[] = [];
  let stack: Stack | null = null;
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close().catch(() => {});
    await stack?.close();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    browser = await launchChromium(); // first: a missing Chromium fails in a second, not after the stack
    stack = await startStack({
      root,
      ports: { dashboard: await freePort(), http: await freePort(), mqtt: await freePort() },
      adminEmail: "admin@browser.test",
      telemetryIntervalS: 5,
      reset: false,
      benchmark: "always",
      wait: true,
      suite: "standard-v1",
      overrides: SHORT_RUNS,
      campaignTimeoutMs: opts.campaignTimeoutMs ?? 150_000,
      report: (line) => progress.push(line),
    });
    return { stack, browser, progress, close };
  } catch (error) {
    await close();
    if (error instanceof Error) error.message += `\n--- quick start progress:\n${progress.join("\n")}`;
    throw error;
  }
}
