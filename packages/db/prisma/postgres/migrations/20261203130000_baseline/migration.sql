-- PostgreSQL baseline: the schema every migration in prisma/migrations builds, as one script (drafted
-- from prisma/postgres/schema.prisma by Prisma's schema engine: `npm run db:draft-migration -w
-- @edgeseg/db -- --postgres --from-empty`). Later schema changes add a migration here as well as in
-- prisma/migrations, and src/dev/postgres-migrations.test.ts checks that both give the same tables.

-- CreateEnum
CREATE TYPE "DeviceStatus" AS ENUM ('pending', 'active', 'disabled');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'delivered', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('draft', 'active', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "ResultStatus" AS ENUM ('succeeded', 'failed');

-- CreateEnum
CREATE TYPE "Verdict" AS ENUM ('VALID', 'INVALID');

-- CreateEnum
CREATE TYPE "ResultOrigin" AS ENUM ('job', 'device');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'researcher', 'admin');

-- CreateTable
CREATE TABLE "DeviceClass" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "memoryBudgetMb" DOUBLE PRECISION NOT NULL,
    "caseTimeBudgetS" DOUBLE PRECISION NOT NULL,
    "diceThreshold" DOUBLE PRECISION NOT NULL,
    "nsdThreshold" DOUBLE PRECISION NOT NULL,
    "profile" JSONB,
    "scoring" JSONB,

    CONSTRAINT "DeviceClass_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "status" "DeviceStatus" NOT NULL DEFAULT 'pending',
    "deviceClassId" TEXT,
    "hardwareFingerprint" TEXT,
    "deviceInfo" JSONB,
    "agentVersion" TEXT,
    "signingKey" TEXT,
    "online" BOOLEAN NOT NULL DEFAULT false,
    "lastSeenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceTag" (
    "deviceId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    CONSTRAINT "DeviceTag_pkey" PRIMARY KEY ("deviceId","tag")
);

-- CreateTable
CREATE TABLE "EnrollmentToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
    "usedAt" TIMESTAMP(3),
    "usedByDeviceId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnrollmentToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "pipeline" TEXT NOT NULL,
    "manifest" JSONB NOT NULL,
    "manifestSha256" TEXT NOT NULL,
    "trained" BOOLEAN NOT NULL,
    "license" TEXT NOT NULL,
    "fineTuningSupported" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id","version")
);

-- CreateTable
CREATE TABLE "Artifact" (
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "path" TEXT NOT NULL,
    "role" TEXT,
    "modelId" TEXT,
    "modelVersion" TEXT,

    CONSTRAINT "Artifact_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "Suite" (
    "sha256" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Suite_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "suiteSha256" TEXT NOT NULL,
    "createdById" TEXT,
    "status" "CampaignStatus" NOT NULL DEFAULT 'draft',
    "overrides" JSONB,
    "target" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "deliveredAt" TIMESTAMP(3),
    "ackedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "timeoutMs" INTEGER NOT NULL,
    "lastError" TEXT,
    "progressPhase" TEXT,
    "progressDone" INTEGER,
    "progressTotal" INTEGER,
    "progressAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Result" (
    "id" TEXT NOT NULL,
    "jobId" TEXT,
    "deviceId" TEXT NOT NULL,
    "deviceClassId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "suiteSha256" TEXT,
    "datasetSha256" TEXT NOT NULL,
    "status" "ResultStatus" NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "backend" TEXT NOT NULL,
    "meanDice" DOUBLE PRECISION,
    "meanNsd" DOUBLE PRECISION,
    "minOrganDice" DOUBLE PRECISION,
    "minOrganNsd" DOUBLE PRECISION,
    "perCaseMeanMs" DOUBLE PRECISION,
    "p50Ms" DOUBLE PRECISION,
    "p90Ms" DOUBLE PRECISION,
    "p99Ms" DOUBLE PRECISION,
    "peakRssMb" DOUBLE PRECISION,
    "throttled" BOOLEAN,
    "stable" BOOLEAN,
    "p50Cov" DOUBLE PRECISION,
    "energyPerCaseJ" DOUBLE PRECISION,
    "ramGbS" DOUBLE PRECISION,
    "egressBytes" INTEGER,
    "egressMessages" INTEGER,
    "egressLargestBytes" INTEGER,
    "fineTuningStatus" "ResultStatus",
    "fineTuningFailure" TEXT,
    "fineTuningStepMs" DOUBLE PRECISION,
    "fineTuningPlateauMs" DOUBLE PRECISION,
    "fineTuningPeakRssMb" DOUBLE PRECISION,
    "fineTuningDiceBefore" DOUBLE PRECISION,
    "fineTuningDiceAfter" DOUBLE PRECISION,
    "origin" "ResultOrigin" NOT NULL DEFAULT 'device',
    "rankable" BOOLEAN NOT NULL DEFAULT false,
    "unrankedReason" TEXT,
    "review" TEXT,
    "signature" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "document" TEXT NOT NULL,

    CONSTRAINT "Result_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceModelStats" (
    "suiteSha256" TEXT NOT NULL,
    "deviceClassId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "backends" TEXT NOT NULL,
    "runs" INTEGER NOT NULL,
    "unstableRuns" INTEGER NOT NULL,
    "throttledRuns" INTEGER NOT NULL,
    "throttleKnownRuns" INTEGER NOT NULL,
    "egressAuditedRuns" INTEGER NOT NULL DEFAULT 0,
    "egressMaxBytes" INTEGER,
    "egressMaxMessages" INTEGER,
    "egressLargestBytes" INTEGER,
    "fineTuningRuns" INTEGER NOT NULL DEFAULT 0,
    "fineTuningFailedRuns" INTEGER NOT NULL DEFAULT 0,
    "fineTuningOutOfMemoryRuns" INTEGER NOT NULL DEFAULT 0,
    "fineTuningStepMs" DOUBLE PRECISION,
    "fineTuningPlateauMs" DOUBLE PRECISION,
    "fineTuningPeakRssMb" DOUBLE PRECISION,
    "fineTuningDiceBefore" DOUBLE PRECISION,
    "fineTuningDiceAfter" DOUBLE PRECISION,
    "meanDice" DOUBLE PRECISION,
    "meanNsd" DOUBLE PRECISION,
    "minOrganDice" DOUBLE PRECISION,
    "minOrganNsd" DOUBLE PRECISION,
    "perCaseMeanMs" DOUBLE PRECISION,
    "p50Ms" DOUBLE PRECISION,
    "p90Ms" DOUBLE PRECISION,
    "p99Ms" DOUBLE PRECISION,
    "peakRssMb" DOUBLE PRECISION,
    "energyPerCaseJ" DOUBLE PRECISION,
    "ramGbS" DOUBLE PRECISION,
    "p50Cov" DOUBLE PRECISION,
    "bestPerCaseMs" DOUBLE PRECISION,
    "bestResultId" TEXT,
    "medianResultId" TEXT,
    "lastRunAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeviceModelStats_pkey" PRIMARY KEY ("suiteSha256","deviceClassId","modelId","modelVersion","deviceId")
);

-- CreateTable
CREATE TABLE "ResultOrgan" (
    "resultId" TEXT NOT NULL,
    "organ" TEXT NOT NULL,
    "labelValue" INTEGER,
    "n" INTEGER NOT NULL,
    "meanDice" DOUBLE PRECISION NOT NULL,
    "meanNsd" DOUBLE PRECISION NOT NULL,
    "meanHd95" DOUBLE PRECISION,

    CONSTRAINT "ResultOrgan_pkey" PRIMARY KEY ("resultId","organ")
);

-- CreateTable
CREATE TABLE "Telemetry" (
    "deviceId" TEXT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "bucketSeconds" INTEGER NOT NULL,
    "samples" INTEGER NOT NULL,
    "cpuAvg" DOUBLE PRECISION,
    "cpuMax" DOUBLE PRECISION,
    "memAvgMb" DOUBLE PRECISION,
    "memMaxMb" DOUBLE PRECISION,
    "tempAvgC" DOUBLE PRECISION,
    "tempMaxC" DOUBLE PRECISION,

    CONSTRAINT "Telemetry_pkey" PRIMARY KEY ("deviceId","bucketStart")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorUserId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Device_deviceClassId_status_lastSeenAt_idx" ON "Device"("deviceClassId", "status", "lastSeenAt");

-- CreateIndex
CREATE INDEX "Device_status_lastSeenAt_idx" ON "Device"("status", "lastSeenAt");

-- CreateIndex
CREATE INDEX "Device_hardwareFingerprint_idx" ON "Device"("hardwareFingerprint");

-- CreateIndex
CREATE INDEX "DeviceTag_tag_idx" ON "DeviceTag"("tag");

-- CreateIndex
CREATE UNIQUE INDEX "EnrollmentToken_tokenHash_key" ON "EnrollmentToken"("tokenHash");

-- CreateIndex
CREATE INDEX "Artifact_modelId_modelVersion_idx" ON "Artifact"("modelId", "modelVersion");

-- CreateIndex
CREATE UNIQUE INDEX "Suite_id_version_key" ON "Suite"("id", "version");

-- CreateIndex
CREATE INDEX "Campaign_status_createdAt_idx" ON "Campaign"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Job_deviceId_status_idx" ON "Job"("deviceId", "status");

-- CreateIndex
CREATE INDEX "Job_campaignId_status_idx" ON "Job"("campaignId", "status");

-- CreateIndex
CREATE INDEX "Job_status_deliveredAt_idx" ON "Job"("status", "deliveredAt");

-- CreateIndex
CREATE UNIQUE INDEX "Result_jobId_key" ON "Result"("jobId");

-- CreateIndex
CREATE INDEX "Result_leaderboard_idx" ON "Result"("suiteSha256", "deviceClassId", "verdict", "modelId", "modelVersion", "rankable", "meanDice" DESC, "perCaseMeanMs", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Result_deviceId_createdAt_idx" ON "Result"("deviceId", "createdAt");

-- CreateIndex
CREATE INDEX "Result_modelId_modelVersion_idx" ON "Result"("modelId", "modelVersion");

-- CreateIndex
CREATE INDEX "Result_deviceId_modelId_modelVersion_suiteSha256_idx" ON "Result"("deviceId", "modelId", "modelVersion", "suiteSha256");

-- CreateIndex
CREATE INDEX "DeviceModelStats_deviceId_idx" ON "DeviceModelStats"("deviceId");

-- CreateIndex
CREATE INDEX "Telemetry_bucketStart_idx" ON "Telemetry"("bucketStart");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_actorLabel_at_idx" ON "AuditEntry"("actorLabel", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_action_at_idx" ON "AuditEntry"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_targetType_targetId_at_idx" ON "AuditEntry"("targetType", "targetId", "at");

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_deviceClassId_fkey" FOREIGN KEY ("deviceClassId") REFERENCES "DeviceClass"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceTag" ADD CONSTRAINT "DeviceTag_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrollmentToken" ADD CONSTRAINT "EnrollmentToken_usedByDeviceId_fkey" FOREIGN KEY ("usedByDeviceId") REFERENCES "Device"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrollmentToken" ADD CONSTRAINT "EnrollmentToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Artifact" ADD CONSTRAINT "Artifact_modelId_modelVersion_fkey" FOREIGN KEY ("modelId", "modelVersion") REFERENCES "Model"("id", "version") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_suiteSha256_fkey" FOREIGN KEY ("suiteSha256") REFERENCES "Suite"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_modelId_modelVersion_fkey" FOREIGN KEY ("modelId", "modelVersion") REFERENCES "Model"("id", "version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Result" ADD CONSTRAINT "Result_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceModelStats" ADD CONSTRAINT "DeviceModelStats_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultOrgan" ADD CONSTRAINT "ResultOrgan_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "Result"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Telemetry" ADD CONSTRAINT "Telemetry_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One job on a device at a time (delivered or running). Hubs sharing the database claim jobs with a
-- conditional UPDATE; under READ COMMITTED two claims for different jobs of one device could both
-- pass, so the second one fails on this index instead (the dispatcher treats that as "taken").
-- Prisma's schema language has no partial indexes without a preview feature, so it lives here only.
CREATE UNIQUE INDEX "Job_deviceId_on_device_key" ON "Job"("deviceId") WHERE "status" IN ('delivered', 'running');
