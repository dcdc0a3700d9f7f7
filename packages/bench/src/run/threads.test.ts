import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { physicalCores, resolveThreads } from "./threads.ts";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "edgeseg-threads-"));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** A /sys CPU topology: one entry per logical CPU, [package, core] or null for an offline CPU. */
async function topology(cpus: ([number, number] | null)[]) {
  for (const [n, t] of cpus.entries()) {
    const dir = join(root, "sys/devices/system/cpu", `cpu${n}`);
    await mkdir(dir, { recursive: true });
    if (!t) continue;
    await mkdir(join(dir, "topology"));
    await writeFile(join(dir, "topology/physical_package_id"), `${t[0]}\n`);
    await writeFile(join(dir, "topology/core_id"), `${t[1]}\n`);
  }
}

describe("resolveThreads", () => {
  it("keeps a requested count as given", () => {
    expect(resolveThreads(3, "node", { root })).toEqual({ threads: 3, source: "requested 3" });
  });

  it("resolves 0 on the native backend to the physical cores: SMT siblings and offline CPUs not counted", async () => {
    // 4 cores × 2 threads on one package, plus an offline CPU; a second package reuses core ids.
    await topology([[0, 0], [0, 1], [0, 2], [0, 3], [0, 0], [0, 1], [0, 2], [0, 3], null, [1, 0], [1, 0]]);
    expect(physicalCores(root)).toBe(5);
    const r = resolveThreads(0, "node", { root });
    expect(r.threads).toBe(5);
    expect(r.source).toMatch(/^0 requested: ONNX Runtime's default, one per physical core \(5/);
  });

  it("falls back to the logical CPUs, saying so, when the topology cannot be read", () => {
    const r = resolveThreads(0, "node", { root: join(root, "missing") });
    expect(r.threads).toBe(availableParallelism());
    expect(r.source).toMatch(/topology was not readable/);
  });

  it("reads the WASM default back from onnxruntime-web, or applies its rule", () => {
    expect(resolveThreads(0, "wasm", { wasmNumThreads: 2 }).threads).toBe(2);
    expect(resolveThreads(0, "wasm", {}).threads).toBe(Math.min(4, Math.ceil(availableParallelism() / 2)));
  });

  it("on this machine's live /sys, the count is between 1 and the logical CPUs", () => {
    const n = physicalCores();
    expect(n).not.toBeNull();
    expect(n!).toBeGreaterThanOrEqual(1);
    expect(n!).toBeLessThanOrEqual(availableParallelism());
  });
});
