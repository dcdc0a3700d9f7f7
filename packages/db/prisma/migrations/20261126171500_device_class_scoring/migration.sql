-- AlterTable
ALTER TABLE "DeviceClass" ADD COLUMN "scoring" JSONB;
