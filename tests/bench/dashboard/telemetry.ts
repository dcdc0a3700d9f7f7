import type { SimDevice } from "./fleet.ts";
import type { Rng } from "./prng.ts";

export const BUCKET_SECONDS = 300;
const DAY_MS = 86_400_000;

/**
 * 5-minute telemetry buckets for one device over `days` up to its last report: 14 days of them is
 * the retention packages/db's README sizes for (~4,000 rows per device). CPU load follows the
 * working day; temperature follows the load, hotter on classes that throttle.
 */
export function* telemetryRows(rng: Rng, device: SimDevice, days: number) {
  const step = BUCKET_SECONDS * 1000;
  const end = Math.floor(device.lastSeenMs / step) * step;
  const start = Math.max(end - days * DAY_MS, Math.ceil(device.enrolledMs / step) * step);
  const hot = device.cls.throttle === null ? 0 : device.cls.throttle * 60;
  for (let t = start; t <= end; t += step) {
    const hour = new Date(t).getUTCHours() + new Date(t).getUTCMinutes() / 60;
    const busy = Math.max(0, Math.sin(((hour - 7) / 12) * Math.PI));
    const cpuAvg = Math.min(100, 5 + 60 * busy + 10 * rng.next());
    const tempAvgC = device.cls.throttle === null ? null : 42 + hot + cpuAvg * 0.25 + 2 * rng.normal();
    yield {
      deviceId: device.id,
      bucketStart: new Date(t),
      bucketSeconds: BUCKET_SECONDS,
      samples: 10,
      cpuAvg: Math.round(cpuAvg * 10) / 10,
      cpuMax: Math.round(Math.min(100, cpuAvg * 1.4 + 5) * 10) / 10,
      memAvgMb: Math.round(device.ramMb * (0.25 + 0.3 * busy)),
      memMaxMb: Math.round(device.ramMb * (0.3 + 0.4 * busy)),
      tempAvgC: tempAvgC === null ? null : Math.round(tempAvgC * 10) / 10,
      tempMaxC: tempAvgC === null ? null : Math.round((tempAvgC + 3 + 2 * rng.next()) * 10) / 10,
    };
  }
}
