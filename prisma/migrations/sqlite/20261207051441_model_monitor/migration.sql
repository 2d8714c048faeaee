-- AlterTable
ALTER TABLE "Job" ADD COLUMN "monitoringScheduleId" TEXT;
ALTER TABLE "Job" ADD COLUMN "scheduledTime" DATETIME;

-- CreateTable
CREATE TABLE "MonitoringJobDefinition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "endpointName" TEXT,
    "spec" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MonitoringSchedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "status" TEXT NOT NULL,
    "failureReason" TEXT,
    "type" TEXT NOT NULL,
    "jobDefinitionName" TEXT,
    "endpointName" TEXT,
    "config" JSONB NOT NULL,
    "lastScheduledTime" DATETIME,
    "runOnceAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "MonitoringJobDefinition_arn_key" ON "MonitoringJobDefinition"("arn");

-- CreateIndex
CREATE INDEX "MonitoringJobDefinition_createdAt_idx" ON "MonitoringJobDefinition"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MonitoringJobDefinition_type_name_key" ON "MonitoringJobDefinition"("type", "name");

-- CreateIndex
CREATE UNIQUE INDEX "MonitoringSchedule_name_key" ON "MonitoringSchedule"("name");

-- CreateIndex
CREATE UNIQUE INDEX "MonitoringSchedule_arn_key" ON "MonitoringSchedule"("arn");

-- CreateIndex
CREATE INDEX "MonitoringSchedule_createdAt_idx" ON "MonitoringSchedule"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_monitoringScheduleId_scheduledTime_key" ON "Job"("monitoringScheduleId", "scheduledTime");
