-- Fleet statistics (per-device figures) and ranked-only-when-dispatched results.

-- AlterTable: ADD COLUMN keeps the million-row Result table in place (no rebuild) on SQLite and
-- PostgreSQL alike.
ALTER TABLE "Result" ADD COLUMN "stable" BOOLEAN;
ALTER TABLE "Result" ADD COLUMN "p50Cov" REAL;
ALTER TABLE "Result" ADD COLUMN "energyPerCaseJ" REAL;
ALTER TABLE "Result" ADD COLUMN "ramGbS" REAL;
ALTER TABLE "Result" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'device';
ALTER TABLE "Result" ADD COLUMN "rankable" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Result" ADD COLUMN "unrankedReason" TEXT;
ALTER TABLE "Result" ADD COLUMN "review" TEXT;

-- Backfill: a stored result linked to a job the hub dispatched to the same device for the same model
-- and campaign suite answered that job; everything else was started on the device.
UPDATE "Result" SET "origin" = 'job' WHERE "jobId" IS NOT NULL;
UPDATE "Result" SET "rankable" = true
WHERE "jobId" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "Job" AS "j" JOIN "Campaign" AS "c" ON "c"."id" = "j"."campaignId"
  WHERE "j"."id" = "Result"."jobId" AND "j"."deviceId" = "Result"."deviceId"
    AND "j"."modelId" = "Result"."modelId" AND "j"."modelVersion" = "Result"."modelVersion"
    AND "c"."suiteSha256" = "Result"."suiteSha256"
);
UPDATE "Result" SET "unrankedReason" = 'started on the device, not dispatched by the hub'
WHERE "jobId" IS NULL;
UPDATE "Result" SET "unrankedReason" = 'its job named another model or suite'
WHERE "jobId" IS NOT NULL AND "rankable" = false;

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
    "meanDice" REAL,
    "meanNsd" REAL,
    "minOrganDice" REAL,
    "minOrganNsd" REAL,
    "perCaseMeanMs" REAL,
    "p50Ms" REAL,
    "p90Ms" REAL,
    "p99Ms" REAL,
    "peakRssMb" REAL,
    "energyPerCaseJ" REAL,
    "ramGbS" REAL,
    "p50Cov" REAL,
    "bestPerCaseMs" REAL,
    "bestResultId" TEXT,
    "medianResultId" TEXT,
    "lastRunAt" DATETIME NOT NULL,

    PRIMARY KEY ("suiteSha256", "deviceClassId", "modelId", "modelVersion", "deviceId"),
    CONSTRAINT "DeviceModelStats_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Result_leaderboard_idx gains "rankable" after the model, so counting a slice's ranked and unranked
-- runs stays an index-only scan.
DROP INDEX "Result_leaderboard_idx";
CREATE INDEX "Result_leaderboard_idx" ON "Result"("suiteSha256", "deviceClassId", "verdict", "modelId", "modelVersion", "rankable", "meanDice" DESC, "perCaseMeanMs", "createdAt", "id");

-- CreateIndex
CREATE INDEX "DeviceModelStats_deviceId_idx" ON "DeviceModelStats"("deviceId");
CREATE INDEX "Result_deviceId_modelId_modelVersion_suiteSha256_idx" ON "Result"("deviceId", "modelId", "modelVersion", "suiteSha256");
