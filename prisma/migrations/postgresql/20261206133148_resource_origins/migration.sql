-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "origin" JSONB;

-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN     "desiredOrigin" JSONB;
