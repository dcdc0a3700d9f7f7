-- How many of a telemetry bucket's samples carried a temperature, so that buckets written by several
-- hubs can be merged. Existing rows follow the old convention: every sample had one when the bucket
-- has a temperature.
ALTER TABLE "Telemetry" ADD COLUMN "tempSamples" INTEGER NOT NULL DEFAULT 0;
UPDATE "Telemetry" SET "tempSamples" = "samples" WHERE "tempAvgC" IS NOT NULL;
