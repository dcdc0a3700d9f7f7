export * from "./audit/index.ts";
export { createDb, type DatabaseProvider, type Db, type DbOptions } from "./client.ts";
export type * from "./generated/prisma/client.ts";
export { Prisma } from "./generated/prisma/client.ts";
export * from "./generated/prisma/enums.ts";
export {
  defaultMigrationsDir,
  defaultPostgresMigrationsDir,
  type MigrateOptions,
  type MigrateReport,
  migrate,
} from "./migrate.ts";
export { type CampaignJob, campaignJobs } from "./queries/campaign-jobs.ts";
export {
  type CampaignOverview,
  campaignOverview,
  campaignOverviews,
  emptyJobCounts,
  JOB_STATUSES,
  type JobCounts,
} from "./queries/campaign-overview.ts";
export { type CampaignResult, campaignResults } from "./queries/campaign-results.ts";
export { type CatalogueFacts, catalogueFacts } from "./queries/catalogue-facts.ts";
export {
  type AgreementStatus,
  type DeviceAgreement,
  deviceConsistency,
} from "./queries/device-consistency.ts";
export {
  type DeviceModelKey,
  rebuildDeviceModelStats,
  refreshDeviceModelStats,
} from "./queries/device-model-stats.ts";
export { type BatchOutcome, type BatchResult, storeResultBatch } from "./queries/ingest-batch.ts";
export { addTelemetryBuckets, type TelemetryBucketRow } from "./queries/ingest-batch-telemetry.ts";
export { type LatestTelemetry, latestTelemetry } from "./queries/latest-telemetry.ts";
export { type FleetEntry, type LeaderboardQuery, leaderboard } from "./queries/leaderboard.ts";
export {
  type DetailedEntry,
  type LeaderboardDetails,
  leaderboardDetails,
  type ModelRuns,
  type UnrankedModel,
} from "./queries/leaderboard-details.ts";
export {
  type CountedSlice,
  countedLeaderboardSlices,
  type LeaderboardSlice,
  leaderboardSlices,
} from "./queries/leaderboard-slices.ts";
export type { JobLink } from "./queries/link-job.ts";
export { type ModelCard, type ModelClassResults, type ModelFile, modelCard } from "./queries/model-card.ts";
export {
  type ModelSliceKey,
  modelConsistency,
  type SliceConsistency,
  sliceConsistency,
} from "./queries/model-consistency.ts";
export { modelRegistry, type RegistryModel } from "./queries/model-registry.ts";
export {
  incompleteValidRuns,
  invalidRunCounts,
  type ModelKeyRow,
  modelsInSlice,
} from "./queries/model-runs.ts";
export { notDispatchedCounts } from "./queries/not-dispatched-counts.ts";
export { type OrganMean, organMeans } from "./queries/organ-means.ts";
export { pruneTelemetry } from "./queries/prune-telemetry.ts";
export type { ResultContext } from "./queries/result-row.ts";
export { SYNTHETIC_RUNS_LIMIT, type SyntheticRun, syntheticRuns } from "./queries/synthetic-runs.ts";
export { type UpsertResultOutcome, upsertResult } from "./queries/upsert-result.ts";
export {
  defaultScryptParams,
  hashSecret,
  needsRehash,
  passwordScryptParams,
  type ScryptParams,
  verifySecret,
} from "./secret.ts";
export { hashToken, newToken } from "./token.ts";
export { type DatabaseTarget, isPostgresUrl, parseDatabaseUrl, redactUrl, sqlitePathFromUrl } from "./url.ts";
