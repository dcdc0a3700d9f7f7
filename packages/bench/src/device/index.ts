export { type CollectOptions, collectDeviceInfo } from "./collect.ts";
export { type DescribeOptions, type DeviceDescription, describeDevice } from "./describe.ts";
export { defaultProfilesDir, loadProfile, loadProfiles } from "./load-profiles.ts";
export { type DeviceClassMatch, matchDeviceClass } from "./match.ts";
export { profileJsonSchema, writeProfileJsonSchema } from "./profile-json-schema.ts";
export {
  type DetectionRule,
  type DeviceProfile,
  deviceProfileSchema,
  type RuntimeRecommendation,
} from "./profile-schema.ts";
export { resolveRuntime } from "./recommend.ts";
export { readSensors, type SensorReading } from "./sensors.ts";
export {
  type ParsedThrottled,
  parseThrottled,
  queryThrottled,
  readThrottling,
  THROTTLE_BITS,
  type ThrottlingReading,
} from "./throttling.ts";
export type { DeviceInfoRaw } from "./types.ts";
