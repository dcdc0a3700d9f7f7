-- CreateTable
CREATE TABLE "DeviceClass" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "memoryBudgetMb" REAL NOT NULL,
    "caseTimeBudgetS" REAL NOT NULL,
    "diceThreshold" REAL NOT NULL,
    "nsdThreshold" REAL NOT NULL,
    "profile" JSONB
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "deviceClassId" TEXT,
    "hardwareFingerprint" TEXT,
    "deviceInfo" JSONB,
    "agentVersion" TEXT,
    "online" BOOLEAN NOT NULL DEFAULT false,
    "lastSeenAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Device_deviceClassId_fkey" FOREIGN KEY ("deviceClassId") REFERENCES "DeviceClass" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeviceTag" (
    "deviceId" TEXT NOT NULL,
    "tag" TEXT NOT NULL,

    PRIMARY KEY ("deviceId", "tag"),
    CONSTRAINT "DeviceTag_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EnrollmentToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
    "usedAt" DATETIME,
    "usedByDeviceId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EnrollmentToken_usedByDeviceId_fkey" FOREIGN KEY ("usedByDeviceId") REFERENCES "Device" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "EnrollmentToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("id", "version")
);

-- CreateTable
CREATE TABLE "Artifact" (
    "sha256" TEXT NOT NULL PRIMARY KEY,
    "size" BIGINT NOT NULL,
    "path" TEXT NOT NULL,
    "role" TEXT,
    "modelId" TEXT,
    "modelVersion" TEXT,
    CONSTRAINT "Artifact_modelId_modelVersion_fkey" FOREIGN KEY ("modelId", "modelVersion") REFERENCES "Model" ("id", "version") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Suite" (
    "sha256" TEXT NOT NULL PRIMARY KEY,
    "id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "suiteSha256" TEXT NOT NULL,
    "createdById" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "overrides" JSONB,
    "target" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Campaign_suiteSha256_fkey" FOREIGN KEY ("suiteSha256") REFERENCES "Suite" ("sha256") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "deliveredAt" DATETIME,
    "ackedAt" DATETIME,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "timeoutMs" INTEGER NOT NULL,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Job_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Job_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Job_modelId_modelVersion_fkey" FOREIGN KEY ("modelId", "modelVersion") REFERENCES "Model" ("id", "version") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Result" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT,
    "deviceId" TEXT NOT NULL,
    "deviceClassId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "suiteSha256" TEXT,
    "datasetSha256" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "meanDice" REAL,
    "meanNsd" REAL,
    "minOrganDice" REAL,
    "minOrganNsd" REAL,
    "perCaseMeanMs" REAL,
    "p50Ms" REAL,
    "p90Ms" REAL,
    "p99Ms" REAL,
    "peakRssMb" REAL,
    "throttled" BOOLEAN,
    "createdAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "document" TEXT NOT NULL,
    CONSTRAINT "Result_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Result_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ResultOrgan" (
    "resultId" TEXT NOT NULL,
    "organ" TEXT NOT NULL,
    "labelValue" INTEGER,
    "n" INTEGER NOT NULL,
    "meanDice" REAL NOT NULL,
    "meanNsd" REAL NOT NULL,
    "meanHd95" REAL,

    PRIMARY KEY ("resultId", "organ"),
    CONSTRAINT "ResultOrgan_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "Result" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Telemetry" (
    "deviceId" TEXT NOT NULL,
    "bucketStart" DATETIME NOT NULL,
    "bucketSeconds" INTEGER NOT NULL,
    "samples" INTEGER NOT NULL,
    "cpuAvg" REAL,
    "cpuMax" REAL,
    "memAvgMb" REAL,
    "memMaxMb" REAL,
    "tempAvgC" REAL,
    "tempMaxC" REAL,

    PRIMARY KEY ("deviceId", "bucketStart"),
    CONSTRAINT "Telemetry_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
CREATE INDEX "Result_leaderboard_idx" ON "Result"("suiteSha256", "deviceClassId", "verdict", "modelId", "modelVersion", "meanDice" DESC, "perCaseMeanMs", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Result_deviceId_createdAt_idx" ON "Result"("deviceId", "createdAt");

-- CreateIndex
CREATE INDEX "Result_modelId_modelVersion_idx" ON "Result"("modelId", "modelVersion");

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
