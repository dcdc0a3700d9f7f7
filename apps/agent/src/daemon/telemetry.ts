import { queryThrottled, readSensors } from "@edgeseg/bench/lite";
import { newEnvelope, type TelemetryMessage } from "@edgeseg/protocol";
import { type CpuTimes, cpuPercent, cpuTimes } from "./cpu-usage.ts";
import { memoryMb } from "./memory.ts";

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Builds telemetry heartbeats. CPU load is measured between consecutive heartbeats. Throttling is
 * asked of the Raspberry Pi firmware (vcgencmd); where it does not exist the agent stops asking.
 */
export function createTelemetrySampler(deviceId: string) {
  let previous: CpuTimes = cpuTimes();
  let throttlingUnavailable = false;

  async function throttling(): Promise<TelemetryMessage["throttling"]> {
    if (throttlingUnavailable) return null;
    const { parsed, source } = await queryThrottled();
    if (!parsed) {
      if (source === "unavailable") throttlingUnavailable = true;
      return null;
    }
    return { active: parsed.current, flags: parsed.flags };
  }

  return async (extra: { intervalMs: number; spoolDepth: number; currentJobId: string | null }) => {
    const now = cpuTimes();
    const cpu = cpuPercent(previous, now);
    previous = now;
    const mem = memoryMb();
    const sensors = readSensors();
    const message: TelemetryMessage = {
      ...newEnvelope(deviceId),
      intervalMs: extra.intervalMs,
      cpuPercent: round1(cpu),
      memoryUsedMb: round1(Math.min(mem.usedMb, mem.totalMb)),
      memoryTotalMb: round1(mem.totalMb),
      temperatureC: sensors.temperatureC,
      frequencyMhz: sensors.frequencyMhz,
      throttling: await throttling(),
      spoolDepth: extra.spoolDepth,
      currentJobId: extra.currentJobId,
    };
    return message;
  };
}
