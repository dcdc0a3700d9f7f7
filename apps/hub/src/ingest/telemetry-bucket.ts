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
}

const max = (a: number | null, b: number) => (a === null ? b : Math.max(a, b));

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

/**
 * A bucket continuing a stored row (the hub restarted within the bucket). The row keeps no separate
 * temperature count; every stored sample is taken to have had one when the row has a temperature.
 */
export function bucketFromRow(start: Date, row: TelemetryRow): Bucket {
  const n = row.samples;
  return {
    start,
    samples: n,
    cpuSum: (row.cpuAvg ?? 0) * n,
    cpuMax: row.cpuMax,
    memSum: (row.memAvgMb ?? 0) * n,
    memMax: row.memMaxMb,
    tempSamples: row.tempAvgC === null ? 0 : n,
    tempSum: (row.tempAvgC ?? 0) * n,
    tempMax: row.tempMaxC,
  };
}

export function addSample(b: Bucket, msg: TelemetryMessage): void {
  b.samples += 1;
  b.cpuSum += msg.cpuPercent;
  b.cpuMax = max(b.cpuMax, msg.cpuPercent);
  b.memSum += msg.memoryUsedMb;
  b.memMax = max(b.memMax, msg.memoryUsedMb);
  if (msg.temperatureC !== null) {
    b.tempSamples += 1;
    b.tempSum += msg.temperatureC;
    b.tempMax = max(b.tempMax, msg.temperatureC);
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
  };
}
