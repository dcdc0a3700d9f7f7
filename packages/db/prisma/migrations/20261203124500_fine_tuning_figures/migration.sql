-- On-device fine-tuning and the rest of the egress audit as Result columns, and their per-device fleet
-- figures. Results stored before this migration cannot carry a fineTuning block (the schema refused it);
-- their audit's message count and largest message are copied from the stored document. The figures are
-- rebuilt by the migration runner's data step.
ALTER TABLE "Result" ADD COLUMN "egressMessages" INTEGER;
ALTER TABLE "Result" ADD COLUMN "egressLargestBytes" INTEGER;
ALTER TABLE "Result" ADD COLUMN "fineTuningStatus" TEXT;
ALTER TABLE "Result" ADD COLUMN "fineTuningFailure" TEXT;
ALTER TABLE "Result" ADD COLUMN "fineTuningStepMs" REAL;
ALTER TABLE "Result" ADD COLUMN "fineTuningPlateauMs" REAL;
ALTER TABLE "Result" ADD COLUMN "fineTuningPeakRssMb" REAL;
ALTER TABLE "Result" ADD COLUMN "fineTuningDiceBefore" REAL;
ALTER TABLE "Result" ADD COLUMN "fineTuningDiceAfter" REAL;
UPDATE "Result"
SET "egressMessages" = json_extract("document", '$.egress.messages'),
    "egressLargestBytes" = json_extract("document", '$.egress.largestMessageBytes')
WHERE "egressBytes" IS NOT NULL;

ALTER TABLE "DeviceModelStats" ADD COLUMN "egressMaxMessages" INTEGER;
ALTER TABLE "DeviceModelStats" ADD COLUMN "egressLargestBytes" INTEGER;
ALTER TABLE "DeviceModelStats" ADD COLUMN "fineTuningRuns" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DeviceModelStats" ADD COLUMN "fineTuningFailedRuns" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DeviceModelStats" ADD COLUMN "fineTuningOutOfMemoryRuns" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DeviceModelStats" ADD COLUMN "fineTuningStepMs" REAL;
ALTER TABLE "DeviceModelStats" ADD COLUMN "fineTuningPlateauMs" REAL;
ALTER TABLE "DeviceModelStats" ADD COLUMN "fineTuningPeakRssMb" REAL;
ALTER TABLE "DeviceModelStats" ADD COLUMN "fineTuningDiceBefore" REAL;
ALTER TABLE "DeviceModelStats" ADD COLUMN "fineTuningDiceAfter" REAL;
