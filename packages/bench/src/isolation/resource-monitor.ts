import type { Resources } from "@edgeseg/protocol";
import { readSensors, type SensorReading } from "../device/sensors.ts";
import type { SelfUsage } from "./messages.ts";
import { type ProcSample, sampleProc } from "./proc-stats.ts";
import { ThrottleTracker } from "./throttle-tracker.ts";

/** vcgencmd costs a process spawn; polling it every ~2 s is enough to catch sustained throttling. */
const THROTTLE_POLL_MS = 2000;

/**
 * Samples a child process (/proc/<pid>/status and /stat) and the device's sensors while it runs, and
 * turns the samples into the result document's resources object.
 */
export class ResourceMonitor {
  private readonly started = performance.now();
  private readonly temp = new Range();
  private readonly freq = new Range();
  private readonly before: SensorReading;
  private readonly throttle = new ThrottleTracker();
  private readonly throttleStarted: Promise<void>;
  private lastProc: ProcSample | null = null;
  private peakHwmKb = 0;
  private lastThrottlePoll = performance.now();

  constructor(private readonly sensorsRoot: string) {
    this.before = this.readSensors();
    this.throttleStarted = this.throttle.start();
  }

  /** Takes one sample of `pid`; returns the peak resident memory so far in MB. */
  sample(pid: number): number {
    const proc = sampleProc(pid);
    if (proc) {
      this.lastProc = proc;
      this.peakHwmKb = Math.max(this.peakHwmKb, proc.hwmKb, proc.rssKb);
    }
    this.readSensors();
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
  async finish(selfUsage: SelfUsage | null): Promise<Resources> {
    const wallMs = performance.now() - this.started;
    const after = this.readSensors();
    await this.throttleStarted;
    const throttling = await this.throttle.finish();
    const cpuUserMs = selfUsage ? selfUsage.userUs / 1000 : (this.lastProc?.userMs ?? 0);
    const cpuSystemMs = selfUsage ? selfUsage.systemUs / 1000 : (this.lastProc?.systemMs ?? 0);
    const peakKb = Math.max(this.peakHwmKb, selfUsage?.maxRssKb ?? 0);
    return {
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
      throttling,
    };
  }

  private readSensors(): SensorReading {
    const reading = readSensors(this.sensorsRoot);
    this.temp.add(reading.temperatureC);
    this.freq.add(reading.frequencyMhz);
    return reading;
  }
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
