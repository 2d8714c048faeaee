-- AlterTable
ALTER TABLE "Job" ADD COLUMN "tuningJobId" TEXT;
ALTER TABLE "Job" ADD COLUMN "tuningSeq" INTEGER;

-- CreateTable
CREATE TABLE "TuningJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "spec" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "desiredState" TEXT NOT NULL DEFAULT 'Completed',
    "failureReason" TEXT,
    "completion" JSONB,
    "endedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "TuningJob_name_key" ON "TuningJob"("name");

-- CreateIndex
CREATE UNIQUE INDEX "TuningJob_arn_key" ON "TuningJob"("arn");

-- CreateIndex
CREATE INDEX "TuningJob_createdAt_idx" ON "TuningJob"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_tuningJobId_tuningSeq_key" ON "Job"("tuningJobId", "tuningSeq");
