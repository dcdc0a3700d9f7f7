// importSuite is `@edgeseg/registry/suites` (src/import-suite.ts), not exported here: it reads suites
// through @edgeseg/suites, which needs the whole benchmark engine (dataset hashing and verification).
// The dashboard imports this index and never imports suites, so its server bundle stays without them.
export { artifactPath, type StoredArtifact, storeArtifact } from "./artifact-store.ts";
export { type CampaignInput, type CampaignTarget, campaignInputSchema } from "./campaign-input.ts";
export { type CancelledCampaign, cancelCampaign } from "./cancel-campaign.ts";
export { type CreatedCampaign, createCampaign } from "./create-campaign.ts";
export { changeDeviceStatus, type DeviceChange } from "./devices/change-status.ts";
export {
  type CreatedToken,
  createEnrollmentToken,
  MAX_TOKEN_LIFETIME_MS,
  revokeEnrollmentToken,
} from "./devices/enrollment-tokens.ts";
export type { DeviceProvisioning } from "./devices/provisioning.ts";
export {
  DEVICE_TRANSITIONS,
  type DeviceAction,
  type DeviceTransition,
  deviceActions,
  deviceStatuses,
  deviceTransition,
} from "./devices/transitions.ts";
export { type ImportedArtifact, type ImportedModel, importModel } from "./import-model.ts";
export { type RotatedSecret, rotateDeviceSecret } from "./rotate-device-secret.ts";
export { type SuiteDefinition, suiteDefinitionSchema } from "./suite-definition.ts";
