import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { readSysfsInt } from "../device/sysfs.ts";

export interface ResolvedThreads {
  /** Intra-op threads the session runs with. */
  threads: number;
  /** How that number was arrived at, in words (runtime.intraOpThreadsSource). */
  source: string;
}

/**
 * Physical cores: distinct (physical_package_id, core_id) pairs over the CPUs the kernel lists, from
 * /sys/devices/system/cpu/cpu<N>/topology — the count the cpuinfo library gives ONNX Runtime (SMT
 * siblings share a core). null when the topology is not readable.
 */
export function physicalCores(root = "/"): number | null {
  const base = "sys/devices/system/cpu";
  let names: string[];
  try {
    names = readdirSync(join(root, base)).filter((n) => /^cpu\d+$/.test(n));
  } catch {
    return null;
  }
  const cores = new Set<string>();
  for (const cpu of names) {
    const core = readSysfsInt(root, `${base}/${cpu}/topology/core_id`);
    if (core === null) continue; // an offline CPU has no topology directory
    cores.add(`${readSysfsInt(root, `${base}/${cpu}/topology/physical_package_id`) ?? 0}/${core}`);
  }
  return cores.size > 0 ? cores.size : null;
}

/**
 * The intra-op thread count a session actually runs with. A request above 0 is used as given. 0 asks
 * ONNX Runtime to choose: onnxruntime-node sizes its pool to one thread per physical core
 * (thread_utils.cc: GetDefaultThreadAffinities, one affinity per cpuinfo core); onnxruntime-web
 * resolves its own default (half the logical cores, at most 4) into `env.wasm.numThreads` when its
 * first session starts, so the WASM figure is read back from there.
 */
export function resolveThreads(
  requested: number,
  backend: "node" | "wasm",
  opts: { root?: string; wasmNumThreads?: number | undefined } = {},
): ResolvedThreads {
  if (requested > 0) return { threads: requested, source: `requested ${requested}` };
  if (backend === "wasm") {
    const n = opts.wasmNumThreads;
    if (n !== undefined && Number.isInteger(n) && n > 0) {
      return {
        threads: n,
        source: `0 requested: onnxruntime-web's default, read back from env.wasm.numThreads`,
      };
    }
    const guess = Math.min(4, Math.ceil(availableParallelism() / 2));
    return {
      threads: guess,
      source: `0 requested: onnxruntime-web's default rule, min(4, ceil(${availableParallelism()} logical cores / 2))`,
    };
  }
  const physical = physicalCores(opts.root);
  if (physical !== null) {
    return {
      threads: physical,
      source: `0 requested: ONNX Runtime's default, one per physical core (${physical}, from the CPU topology in /sys)`,
    };
  }
  const logical = availableParallelism();
  return {
    threads: logical,
    source: `0 requested: ONNX Runtime's default, one per core; the CPU topology was not readable, so ${logical} logical CPUs are assumed`,
  };
}
