import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildAgentBundles } from "../../scripts/build-agent.ts";
import { measureIdleAgent } from "../bench/ingest/idle-agent.ts";

const dir = mkdtempSync(join(tmpdir(), "edgeseg-idle-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("idle footprint of the bundled daemon", () => {
  it("[slow] connected and idle, before and after two jobs: no ONNX Runtime in the process, bounded memory, near-zero CPU", async () => {
    const [x64] = await buildAgentBundles({ platforms: ["linux-x64"], outDir: dir });
    if (!x64) throw new Error("no linux-x64 bundle was built");
    execFileSync("tar", ["-xzf", x64.tarball, "-C", dir]);
    const idle = await measureIdleAgent(10, {
      bundleDir: join(dir, "edgeseg-agent-0.1.0-linux-x64"),
      jobs: 2,
    });
    expect(idle.how).toContain("agent.mjs");
    expect(idle.telemetryMessages).toBeGreaterThanOrEqual(1);
    // Only the job's child loads ONNX Runtime (apps/agent imports @edgeseg/bench/lite on the idle path).
    expect(idle.onnxRuntimeMapped).toBe(false);
    // Measured (2026-12-03, the bundle with the unit's V8 flags): 57.5 MB VmRSS, of which 38.8 MB
    // are mapped files (the node binary's code, shared with every Node process) and 18.7 MB
    // anonymous; 20.5 MB PSS. Bounds that cannot flake; the 60 MB goal is the benchmark's
    // (docs/performance.md).
    console.log(`idle footprint: ${JSON.stringify(idle)}`);
    expect(idle.rssMb.max).toBeLessThanOrEqual(70);
    expect(idle.pssMb).toBeLessThanOrEqual(40);
    expect(idle.rssAnonMb.max).toBeLessThanOrEqual(40);
    expect(idle.cpuPercentOfOneCore).toBeLessThan(5);
    // After jobs: each job's dataset, benchmark and fine-tuning ran in the job's own process
    // (apps/agent/src/daemon/job-process.ts); the daemon holds only what relaying them took (the
    // artifact download, the spool, the result's validation): measured 59.1 MB VmRSS (median of 11
    // runs, 58.8–61.4), 20.1 MB anonymous, 24.7 MB PSS; 1.2–1.6 MB over its idle figure. Same bounds as idle.
    const after = idle.afterJobs;
    if (!after) throw new Error("the footprint ran no jobs");
    expect(after.jobs).toBe(2);
    expect(after.onnxRuntimeMapped).toBe(false);
    expect(after.rssMb.max).toBeLessThanOrEqual(70);
    expect(after.pssMb).toBeLessThanOrEqual(40);
    expect(after.rssAnonMb.max).toBeLessThanOrEqual(40);
    expect(after.cpuPercentOfOneCore).toBeLessThan(5);
  });
});
