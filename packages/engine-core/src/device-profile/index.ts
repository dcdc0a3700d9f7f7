export { defaultProfilesDir, loadProfile, loadProfiles } from "./load.ts";
export {
  type DetectionRule,
  type DeviceProfile,
  deviceProfileSchema,
  type RuntimeRecommendation,
} from "./schema.ts";
