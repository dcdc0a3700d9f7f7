-- Dispatch lease of a job: which hub delivers and re-sends it, and until when (several hubs, one database).
ALTER TABLE "Job" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "Job" ADD COLUMN "leaseExpiresAt" DATETIME;
