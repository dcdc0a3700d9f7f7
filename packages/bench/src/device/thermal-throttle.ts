import type { ThrottleSignal } from "@edgeseg/protocol";
import { listDir } from "./read-text.ts";
import { readSysfsInt } from "./sysfs.ts";

export const THERMAL_THROTTLE_SOURCE = "x86 thermal_throttle counters";

/** Sums of the x86 thermal throttling event counters at one moment. */
export interface ThrottleCounts {
  cpus: number;
  /** core_throttle_count summed over CPUs. */
  core: number;
  /** package_throttle_count, once per physical package (every CPU of a package repeats it). */
  package: number;
}

/**
 * Reads /sys/devices/system/cpu/cpu<N>/thermal_throttle/{core,package}_throttle_count (Linux
 * Documentation/ABI/testing/sysfs-devices-system-cpu; x86 therm_throt.c): the number of times the CPU
 * signalled PROCHOT since boot. null where the files do not exist (ARM boards, most virtual machines).
 */
export function readThrottleCounts(root: string): ThrottleCounts | null {
  const cpus = listDir(root, "sys/devices/system/cpu").filter((n) => /^cpu\d+$/.test(n));
  let core = 0;
  let seen = 0;
  const packages = new Map<string, number>();
  for (const cpu of cpus) {
    const dir = `sys/devices/system/cpu/${cpu}`;
    const c = readSysfsInt(root, `${dir}/thermal_throttle/core_throttle_count`);
    const p = readSysfsInt(root, `${dir}/thermal_throttle/package_throttle_count`);
    if (c === null && p === null) continue;
    seen++;
    core += c ?? 0;
    const pkg = String(readSysfsInt(root, `${dir}/topology/physical_package_id`) ?? 0);
    packages.set(pkg, Math.max(packages.get(pkg) ?? 0, p ?? 0));
  }
  if (seen === 0) return null;
  return { cpus: seen, core, package: [...packages.values()].reduce((a, b) => a + b, 0) };
}

/** Throttling during the run = a counter that grew between the read before and the read after. */
export function thermalThrottleSignal(
  before: ThrottleCounts | null,
  after: ThrottleCounts | null,
): ThrottleSignal {
  if (!before || !after) {
    return {
      source: THERMAL_THROTTLE_SOURCE,
      measured: false,
      observed: null,
      detail:
        "not available on this device: no /sys/devices/system/cpu/cpu*/thermal_throttle counters (not an x86 CPU, or a virtual machine that hides them)",
    };
  }
  const core = after.core - before.core;
  const pkg = after.package - before.package;
  return {
    source: THERMAL_THROTTLE_SOURCE,
    measured: true,
    observed: core > 0 || pkg > 0,
    detail: `core_throttle_count +${core}, package_throttle_count +${pkg} during the run (${after.cpus} CPUs)`,
  };
}
