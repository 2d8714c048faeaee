-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "tuningJobId" TEXT,
ADD COLUMN     "tuningSeq" INTEGER;

-- CreateTable
CREATE TABLE "TuningJob" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "spec" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "desiredState" TEXT NOT NULL DEFAULT 'Completed',
    "failureReason" TEXT,
    "completion" JSONB,
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TuningJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TuningJob_name_key" ON "TuningJob"("name");

-- CreateIndex
CREATE UNIQUE INDEX "TuningJob_arn_key" ON "TuningJob"("arn");

-- CreateIndex
CREATE INDEX "TuningJob_createdAt_idx" ON "TuningJob"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_tuningJobId_tuningSeq_key" ON "Job"("tuningJobId", "tuningSeq");
