export { type CollectOptions, collectDeviceInfo } from "./collect.ts";
export {
  CPUFREQ_THROTTLE_FRACTION,
  type CpuFrequency,
  cpufreqSignal,
  readCpufreq,
} from "./cpufreq.ts";
export { type DescribeOptions, type DeviceDescription, describeDevice } from "./describe.ts";
export { type EnergyProbeOptions, probeEnergy } from "./energy/probe.ts";
export type { EnergyProbe, EnergyReading, EnergySource } from "./energy/types.ts";
export { JETSON_OC_SOURCE, jetsonOcSignal, type OcEvents, readOcEvents } from "./jetson-oc.ts";
export { type DeviceClassMatch, matchDeviceClass } from "./match.ts";
export { resolveRuntime } from "./recommend.ts";
export { readSensors, type SensorReading } from "./sensors.ts";
export { readThrottleCounts, type ThrottleCounts, thermalThrottleSignal } from "./thermal-throttle.ts";
export {
  type ParsedThrottled,
  parseThrottled,
  queryThrottled,
  readThrottling,
  THROTTLE_BITS,
  type ThrottlingReading,
} from "./throttling.ts";
export type { DeviceInfoRaw } from "./types.ts";
