-- AlterTable
ALTER TABLE "Job" ADD COLUMN "progressAt" DATETIME;
ALTER TABLE "Job" ADD COLUMN "progressDone" INTEGER;
ALTER TABLE "Job" ADD COLUMN "progressPhase" TEXT;
ALTER TABLE "Job" ADD COLUMN "progressTotal" INTEGER;
