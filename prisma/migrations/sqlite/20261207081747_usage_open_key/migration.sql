-- AlterTable
ALTER TABLE "UsageRecord" ADD COLUMN "openKey" TEXT;

-- Backfill: one open record per instance keeps the key (duplicates, if any, stay open without one).
UPDATE "UsageRecord" SET "openKey" = "resourceArn" || '#' || "instance"
WHERE "endedAt" IS NULL AND "id" IN (
  SELECT MIN("id") FROM "UsageRecord" WHERE "endedAt" IS NULL GROUP BY "resourceArn", "instance"
);

-- CreateIndex
CREATE UNIQUE INDEX "UsageRecord_openKey_key" ON "UsageRecord"("openKey");
