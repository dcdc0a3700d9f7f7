import type { Resources, ThrottleSignal } from "@edgeseg/protocol";
import {
  type CpuFrequency,
  cpufreqReader,
  cpufreqSignal,
  type FrequencySample,
  frequencyRatio,
} from "../device/cpufreq.ts";
import { type EnergyProbeOptions, probeEnergy } from "../device/energy/probe.ts";
import type { EnergyProbe } from "../device/energy/types.ts";
import { jetsonOcSignal, type OcEvents, readOcEvents } from "../device/jetson-oc.ts";
import { readTemperature, type SensorReading } from "../device/sensors.ts";
import {
  readThrottleCounts,
  type ThrottleCounts,
  thermalThrottleSignal,
} from "../device/thermal-throttle.ts";
import { EnergyMeter, type EnergyTrace } from "./energy-meter.ts";
import { epochMs } from "./epoch.ts";
import type { SelfUsage } from "./messages.ts";
import { type ProcSample, sampleProc, sampleSystemBusyMs } from "./proc-stats.ts";
import { RamTime } from "./ram-time.ts";
import { ThrottleTracker } from "./throttle-tracker.ts";

/** vcgencmd costs a process spawn; polling it every ~2 s is enough to catch sustained throttling. */
const THROTTLE_POLL_MS = 2000;

export interface MonitorOptions {
  /** How the energy sensor is read (tests replay recorded vcgencmd output, or fail reads with EACCES). */
  energy?: EnergyProbeOptions;
}

export interface MonitorReport {
  resources: Resources;
  /** The energy samples, to split the run's energy into its phases; null without a sensor. */
  energyTrace: EnergyTrace | null;
}

/**
 * Samples a child process (/proc/<pid>/status and /stat) and the device's sensors while it runs, and
 * turns the samples into the result document's resources object: memory and RAM-time, CPU time,
 * temperature and clock, every throttling signal the device has, and energy where a sensor exists.
 */
export class ResourceMonitor {
  private readonly started = performance.now();
  private readonly temp = new Range();
  private readonly freq = new Range();
  private readonly before: SensorReading;
  private readonly throttle = new ThrottleTracker();
  private readonly countsBefore: ThrottleCounts | null;
  private readonly ocBefore: OcEvents | null;
  private readonly frequencySamples: FrequencySample[] = [];
  private frequencyReference: CpuFrequency["reference"] | null = null;
  private readonly readCpufreq: ReturnType<typeof cpufreqReader>;
  private readonly ramTime = new RamTime();
  private energyProbe: EnergyProbe | null = null;
  private energy: EnergyMeter | null = null;
  /** Resolves once "before" readings that need a process or a probe (vcgencmd, energy) are taken. */
  readonly ready: Promise<void>;
  private lastProc: { atMs: number; sample: ProcSample } | null = null;
  private lastBusy: { atMs: number; busyMs: number } | null = null;
  private peakHwmKb = 0;
  private lastThrottlePoll = performance.now();

  constructor(
    private readonly sensorsRoot: string,
    opts: MonitorOptions = {},
  ) {
    this.readCpufreq = cpufreqReader(sensorsRoot);
    this.before = this.readSensors();
    this.countsBefore = readThrottleCounts(sensorsRoot);
    this.ocBefore = readOcEvents(sensorsRoot);
    this.ready = Promise.all([
      this.throttle.start(),
      probeEnergy(sensorsRoot, opts.energy).then((probe) => {
        this.energyProbe = probe;
        if (probe.available) {
          this.energy = new EnergyMeter(probe.source);
          this.energy.tick();
        }
      }),
    ]).then(() => undefined);
  }

  /** Takes one sample of `pid`; returns the peak resident memory so far in MB. */
  sample(pid: number): number {
    const proc = sampleProc(pid);
    const atMs = epochMs();
    if (proc) {
      this.peakHwmKb = Math.max(this.peakHwmKb, proc.hwmKb, proc.rssKb);
      this.ramTime.add(atMs, proc.rssKb);
      this.lastProc = { atMs, sample: proc };
    }
    const { cpus } = this.readSensors();
    if (proc) this.sampleFrequency(atMs, cpus);
    this.energy?.tick();
    if (performance.now() - this.lastThrottlePoll >= THROTTLE_POLL_MS) {
      this.lastThrottlePoll = performance.now();
      this.throttle.tick();
    }
    return this.peakHwmKb / 1024;
  }

  /**
   * Final numbers. The child's own getrusage() report, when it sent one, is exact; otherwise (a killed
   * child) the last /proc sample stands in for CPU time.
   */
  async finish(selfUsage: SelfUsage | null): Promise<MonitorReport> {
    await this.ready;
    // The last energy sample first, so the trace lies inside the wall time.
    const energyTrace = this.energy ? await this.energy.finish() : null;
    const wallMs = performance.now() - this.started;
    const after = this.readSensors();
    const vcgencmd = await this.throttle.finish();
    const last = this.lastProc?.sample;
    const cpuUserMs = selfUsage ? selfUsage.userUs / 1000 : (last?.userMs ?? 0);
    const cpuSystemMs = selfUsage ? selfUsage.systemUs / 1000 : (last?.systemMs ?? 0);
    const peakKb = Math.max(this.peakHwmKb, selfUsage?.maxRssKb ?? 0);
    const signals = [
      vcgencmd.signal,
      thermalThrottleSignal(this.countsBefore, readThrottleCounts(this.sensorsRoot)),
      jetsonOcSignal(this.ocBefore, readOcEvents(this.sensorsRoot)),
      cpufreqSignal(this.frequencyReference ? this.frequencySamples : null, this.frequencyReference),
    ];
    const resources: Resources = {
      wallMs,
      peakRssMb: peakKb / 1024,
      cpuUserMs,
      cpuSystemMs,
      cpuUtilisation: wallMs > 0 ? (cpuUserMs + cpuSystemMs) / wallMs : 0,
      temperatureC: { before: this.before.temperatureC, max: this.temp.max, after: after.temperatureC },
      frequencyMhz: {
        before: this.before.frequencyMhz,
        min: this.freq.min,
        max: this.freq.max,
        after: after.frequencyMhz,
      },
      throttling: { ...summariseSignals(signals), flags: vcgencmd.flags, signals },
      energy: energyOf(this.energyProbe, energyTrace),
      ramTimeGbS: this.ramTime.gbS,
    };
    return { resources, energyTrace };
  }

  /**
   * One cpufreq sample with how busy the CPUs were since the previous one: the whole system's non-idle
   * time (the benchmark's included), since a governor clocks up for any load, and on a loaded machine
   * the benchmark's own share can be small while the clock is still the one it runs at.
   */
  private sampleFrequency(atMs: number, cpus: CpuFrequency[] | null): void {
    if (!cpus) return;
    this.frequencyReference = cpus[0]!.reference;
    const busyMs = sampleSystemBusyMs();
    if (busyMs === null) return;
    const prev = this.lastBusy;
    this.lastBusy = { atMs, busyMs };
    if (!prev || atMs <= prev.atMs) return;
    const busyCores = (busyMs - prev.busyMs) / (atMs - prev.atMs);
    this.frequencySamples.push({ atMs, busyCores, ratio: frequencyRatio(cpus) });
  }

  /** Temperature and clock (as readSensors gives them), and the CPUs' clocks against their references. */
  private readSensors(): SensorReading & { cpus: CpuFrequency[] | null } {
    const { maxCurKhz, cpus } = this.readCpufreq();
    const reading = {
      temperatureC: readTemperature(this.sensorsRoot),
      frequencyMhz: maxCurKhz === null ? null : maxCurKhz / 1000,
    };
    this.temp.add(reading.temperatureC);
    this.freq.add(reading.frequencyMhz);
    return { ...reading, cpus };
  }
}

/**
 * observed: true when any measured signal saw throttling, false when at least one was measured and
 * none did, null when none could be measured. source names the measured signals.
 */
export function summariseSignals(signals: readonly ThrottleSignal[]): {
  observed: boolean | null;
  source: string;
} {
  const measured = signals.filter((s) => s.measured);
  if (measured.length === 0) return { observed: null, source: "unavailable" };
  return {
    observed: measured.some((s) => s.observed === true),
    source: measured
      .map((s) => s.source)
      .join(", ")
      .slice(0, 200),
  };
}

/** The run's energy; per case and per inference are filled in from the child's phases afterwards. */
function energyOf(probe: EnergyProbe | null, trace: EnergyTrace | null): Resources["energy"] {
  if (probe?.available && trace) {
    return {
      available: true,
      source: probe.source.name,
      unavailableReason: null,
      joules: trace.joules,
      perCaseJ: null,
      perInferenceJ: null,
    };
  }
  return {
    available: false,
    source: probe && !probe.available ? probe.source : "none",
    unavailableReason:
      probe && !probe.available ? probe.reason.slice(0, 2000) : "the energy sensor probe did not finish",
    joules: null,
    perCaseJ: null,
    perInferenceJ: null,
  };
}

/** Running min and max of the readings a sensor gave; null while it gave none. */
class Range {
  min: number | null = null;
  max: number | null = null;

  add(value: number | null): void {
    if (value === null) return;
    this.min = this.min === null ? value : Math.min(this.min, value);
    this.max = this.max === null ? value : Math.max(this.max, value);
  }
}
