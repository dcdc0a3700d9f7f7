import type { TelemetryMessage } from "@edgeseg/protocol";

/** Running sums of one device's telemetry within one time bucket. */
export interface Bucket {
  start: Date;
  samples: number;
  cpuSum: number;
  cpuMax: number | null;
  memSum: number;
  memMax: number | null;
  /** Temperature is absent on some devices, so it keeps its own count. */
  tempSamples: number;
  tempSum: number;
  tempMax: number | null;
}

export interface TelemetryRow {
  samples: number;
  cpuAvg: number | null;
  cpuMax: number | null;
  memAvgMb: number | null;
  memMaxMb: number | null;
  tempAvgC: number | null;
  tempMaxC: number | null;
  tempSamples: number;
}

const larger = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

export function emptyBucket(start: Date): Bucket {
  return {
    start,
    samples: 0,
    cpuSum: 0,
    cpuMax: null,
    memSum: 0,
    memMax: null,
    tempSamples: 0,
    tempSum: 0,
    tempMax: null,
  };
}

/** Adds `from`'s samples to `into` (the same device and bucket) and returns `into`. */
export function mergeBucket(into: Bucket, from: Bucket): Bucket {
  into.samples += from.samples;
  into.cpuSum += from.cpuSum;
  into.cpuMax = larger(into.cpuMax, from.cpuMax);
  into.memSum += from.memSum;
  into.memMax = larger(into.memMax, from.memMax);
  into.tempSamples += from.tempSamples;
  into.tempSum += from.tempSum;
  into.tempMax = larger(into.tempMax, from.tempMax);
  return into;
}

export function addSample(b: Bucket, msg: TelemetryMessage): void {
  b.samples += 1;
  b.cpuSum += msg.cpuPercent;
  b.cpuMax = larger(b.cpuMax, msg.cpuPercent);
  b.memSum += msg.memoryUsedMb;
  b.memMax = larger(b.memMax, msg.memoryUsedMb);
  if (msg.temperatureC !== null) {
    b.tempSamples += 1;
    b.tempSum += msg.temperatureC;
    b.tempMax = larger(b.tempMax, msg.temperatureC);
  }
}

export function bucketRow(b: Bucket): TelemetryRow {
  return {
    samples: b.samples,
    cpuAvg: b.samples > 0 ? b.cpuSum / b.samples : null,
    cpuMax: b.cpuMax,
    memAvgMb: b.samples > 0 ? b.memSum / b.samples : null,
    memMaxMb: b.memMax,
    tempAvgC: b.tempSamples > 0 ? b.tempSum / b.tempSamples : null,
    tempMaxC: b.tempMax,
    tempSamples: b.tempSamples,
  };
}
