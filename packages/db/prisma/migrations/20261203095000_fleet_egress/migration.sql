-- Data locality in the per-device fleet figures: how many counted runs carry an egress audit and the
-- most bytes one of them sent. Existing figures are rebuilt by the migration runner's data step.
ALTER TABLE "DeviceModelStats" ADD COLUMN "egressAuditedRuns" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DeviceModelStats" ADD COLUMN "egressMaxBytes" INTEGER;
