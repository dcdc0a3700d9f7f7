import type { ThrottleSignal } from "@edgeseg/protocol";
import { listDir } from "./read-text.ts";
import { readSysfsInt } from "./sysfs.ts";

export const CPUFREQ_SOURCE = "cpufreq";

/**
 * Below this fraction of its reference frequency a busy CPU counts as throttled. Governors never hold
 * a busy core exactly at its maximum (scaling_cur_freq on x86 is an average over the last tick, ARM
 * governors step between operating points), but throttling cuts much deeper: a Raspberry Pi 4 at its
 * soft temperature limit runs at 1.0 of 1.8 GHz (0.56), a Pi 3 at 0.6 of 1.2 GHz (0.5). 0.8 sits
 * between. (A Pi's firmware throttles behind the kernel's back, so there vcgencmd is the signal that sees it.)
 */
export const CPUFREQ_THROTTLE_FRACTION = 0.8;
/** A sampling interval counts as busy when the CPUs did at least this many cores' worth of work in it. */
export const BUSY_CORES = 0.5;
/** Fewer busy samples than this say nothing about sustained frequency (1 s at the 200 ms default). */
export const MIN_BUSY_SAMPLES = 5;
/** A drop that lasts this long counts even when the median over the run stays above the fraction. */
export const SUSTAINED_DROP_MS = 5000;

export interface CpuFrequency {
  cpu: string;
  curKhz: number;
  /** cpuinfo_max_freq, or the guaranteed frequency where the platform reports one (see readCpufreq). */
  referenceKhz: number;
  reference: "cpuinfo_max_freq" | "base_frequency" | "acpi_cppc nominal_freq";
}

/**
 * Each CPU's current frequency and its reference. The reference is cpuinfo_max_freq (the hardware
 * maximum), except where the platform reports a guaranteed, non-boost frequency: intel_pstate's
 * base_frequency (kHz), or ACPI CPPC's nominal_freq (MHz; AMD's amd-pstate, Linux
 * Documentation/admin-guide/acpi/cppc_sysfs.rst). On such a CPU cpuinfo_max_freq is the single-core
 * boost, and running between nominal and boost is the boost budget at work, not throttling.
 * null where cpufreq is absent (most virtual machines).
 */
export function readCpufreq(root: string): CpuFrequency[] | null {
  return cpufreqReader(root)().cpus;
}

type Reference = Omit<CpuFrequency, "curKhz">;

export interface CpufreqReading {
  /** The fastest CPU's scaling_cur_freq (kHz), references or not: the sensors' "frequency". */
  maxCurKhz: number | null;
  /** The CPUs that have a reference, for the throttling ratio; null when none has. */
  cpus: CpuFrequency[] | null;
}

/**
 * readCpufreq for repeated sampling: the CPUs and their references are read once (they do not change
 * during a run) and each call reads only scaling_cur_freq, once per CPU — a sample every 200 ms stays
 * cheap on a Pi.
 */
export function cpufreqReader(root: string): () => CpufreqReading {
  const tracked = listDir(root, "sys/devices/system/cpu")
    .filter((n) => /^cpu\d+$/.test(n))
    .filter((cpu) => readSysfsInt(root, curPath(cpu)) !== null)
    .map((cpu) => ({ cpu, ref: readReference(root, cpu) }));
  return () => {
    let maxCurKhz: number | null = null;
    const cpus: CpuFrequency[] = [];
    for (const { cpu, ref } of tracked) {
      const curKhz = readSysfsInt(root, curPath(cpu));
      if (curKhz === null || curKhz <= 0) continue;
      maxCurKhz = Math.max(maxCurKhz ?? 0, curKhz);
      if (ref) cpus.push({ ...ref, curKhz });
    }
    return { maxCurKhz, cpus: cpus.length > 0 ? cpus : null };
  };
}

const curPath = (cpu: string) => `sys/devices/system/cpu/${cpu}/cpufreq/scaling_cur_freq`;

function readReference(root: string, cpu: string): Reference | null {
  const dir = `sys/devices/system/cpu/${cpu}`;
  const base = readSysfsInt(root, `${dir}/cpufreq/base_frequency`);
  if (base) return { cpu, referenceKhz: base, reference: "base_frequency" };
  const nominalMhz = readSysfsInt(root, `${dir}/acpi_cppc/nominal_freq`);
  if (nominalMhz) return { cpu, referenceKhz: nominalMhz * 1000, reference: "acpi_cppc nominal_freq" };
  const max = readSysfsInt(root, `${dir}/cpufreq/cpuinfo_max_freq`);
  return max ? { cpu, referenceKhz: max, reference: "cpuinfo_max_freq" } : null;
}

/**
 * The fastest CPU's frequency as a fraction of its own reference. While a benchmark keeps a core busy
 * that core runs fastest, so the maximum over CPUs follows it; idle cores parked low do not count.
 * Per-CPU references keep big.LITTLE boards right.
 */
export function frequencyRatio(cpus: readonly CpuFrequency[]): number {
  return Math.max(...cpus.map((c) => c.curKhz / c.referenceKhz));
}

export interface FrequencySample {
  /** Milliseconds, any monotonic origin. */
  atMs: number;
  /** Cores' worth of non-idle CPU time (the whole system's) since the previous sample. */
  busyCores: number;
  /** frequencyRatio() at this sample. */
  ratio: number;
}

/**
 * cpufreq throttling over a run: only samples taken while the CPUs were busy count, because idle
 * governors park the clock low on purpose. Throttled when the median busy ratio is below the fraction
 * (the run as a whole ran slow) or when consecutive busy samples stayed below it for SUSTAINED_DROP_MS
 * (throttling that set in late in a long run).
 */
export function cpufreqSignal(
  samples: readonly FrequencySample[] | null,
  reference: CpuFrequency["reference"] | null,
): ThrottleSignal {
  if (samples === null) {
    return {
      source: CPUFREQ_SOURCE,
      measured: false,
      observed: null,
      detail:
        "not available on this device: no /sys/devices/system/cpu/cpu*/cpufreq scaling_cur_freq with cpuinfo_max_freq (common in virtual machines)",
    };
  }
  const busy = samples.filter((s) => s.busyCores >= BUSY_CORES);
  if (busy.length < MIN_BUSY_SAMPLES) {
    return {
      source: CPUFREQ_SOURCE,
      measured: false,
      observed: null,
      detail: `not measured: only ${busy.length} of ${samples.length} samples were taken while the CPUs were at least ${BUSY_CORES} core busy (${MIN_BUSY_SAMPLES} needed)`,
    };
  }
  const ratios = busy.map((s) => s.ratio).sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)]!;
  const drop = longestDropMs(busy);
  const observed = median < CPUFREQ_THROTTLE_FRACTION || drop >= SUSTAINED_DROP_MS;
  return {
    source: CPUFREQ_SOURCE,
    measured: true,
    observed,
    detail:
      `busy median ${pct(median)} of ${reference} (lowest ${pct(ratios[0]!)}) over ${busy.length} samples; ` +
      `longest stretch below ${pct(CPUFREQ_THROTTLE_FRACTION)}: ${(drop / 1000).toFixed(1)} s ` +
      `(throttled below ${pct(CPUFREQ_THROTTLE_FRACTION)} at the median or for ${SUSTAINED_DROP_MS / 1000} s)`,
  };
}

/** Longest time between the first and last of consecutive busy samples below the fraction. */
function longestDropMs(busy: readonly FrequencySample[]): number {
  let longest = 0;
  let start: number | null = null;
  for (const s of busy) {
    if (s.ratio < CPUFREQ_THROTTLE_FRACTION) {
      start ??= s.atMs;
      longest = Math.max(longest, s.atMs - start);
    } else start = null;
  }
  return longest;
}

const pct = (v: number) => `${Math.round(v * 100)} %`;
