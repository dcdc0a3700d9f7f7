import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { selectBackend } from "@edgeseg/engine-core";
import { resultDocumentSchema } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { runBenchmark } from "./run-benchmark.ts";

const fixtures = (rel: string) => fileURLToPath(new URL(`../../fixtures/${rel}`, import.meta.url));

/** Direct children of `pid`, from Linux's /proc (the test watches the tree; the engine never does). */
function childrenOf(pid: number): number[] {
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8")
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pids: number[], withinMs: number): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(alive);
}

describe("cancelling a benchmark through its AbortSignal", () => {
  it("kills the running child (and what it started) and returns one failed result with its reason once", async () => {
    const controller = new AbortController();
    const resultId = "3f0c9a52-5d1e-4c57-9a53-2d8f0c1e7b64";
    let childPid: number | undefined;
    let tree: number[] = [];
    const phases: string[] = [];
    const doc = await runBenchmark({
      manifestPath: fixtures("models/threshold-seg/manifest.json"),
      datasetDir: fixtures("datasets/msd"),
      agentVersion: "test",
      resultId,
      // SingleStream would run for a minute: the run is certainly still going when it is cancelled.
      scenario: {
        singleStream: { minDurationMs: 60_000, minQueries: 100, maxDurationMs: 120_000 },
        repeats: { minRepeats: 1, maxRepeats: 1, maxCov: 1 },
      },
      signal: controller.signal,
      onChildStart: (pid) => {
        childPid = pid;
      },
      onProgress: (p) => {
        phases.push(p.phase);
        if (p.phase === "single-stream" && !controller.signal.aborted && childPid !== undefined) {
          tree = [childPid, ...childrenOf(childPid)];
          controller.abort();
        }
      },
    });
    expect(childPid).toBeGreaterThan(0);
    expect(controller.signal.aborted).toBe(true);
    expect(phases).toContain("single-stream");

    const parsed = resultDocumentSchema.parse(doc);
    expect(parsed).toMatchObject({
      resultId,
      status: "failed",
      failure: { reason: "error", message: "was cancelled while running and killed", signal: "SIGKILL" },
      timing: null,
      accuracy: null,
      validity: { verdict: "INVALID", reasons: ["error: was cancelled while running and killed"] },
    });
    // The parent measured the child until it died; the runtime says what the run was started with.
    expect(parsed.resources?.wallMs).toBeGreaterThan(0);
    expect(parsed.runtime.backendReason).toBe(selectBackend("auto").reason);

    // No orphan: the child is reaped, and anything it had started (tsx's esbuild service) ends too.
    expect(alive(childPid!)).toBe(false);
    expect(await gone(tree, 5000)).toEqual([]);
  }, 120_000);

  it("fails at once, as cancelled, when the signal has already aborted", async () => {
    let started = 0;
    const doc = await runBenchmark({
      manifestPath: fixtures("models/threshold-seg/manifest.json"),
      datasetDir: fixtures("datasets/msd"),
      agentVersion: "test",
      signal: AbortSignal.abort(),
      onChildStart: () => {
        started++;
      },
    });
    expect(doc.status).toBe("failed");
    expect(doc.failure?.message).toBe("was cancelled while running and killed");
    expect(started).toBeLessThanOrEqual(1);
  }, 60_000);
});
