-- CreateTable
CREATE TABLE "LogStream" (
    "logGroupName" TEXT NOT NULL,
    "logStreamName" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "resourceArn" TEXT NOT NULL,
    "creationTime" DATETIME NOT NULL,
    "firstEventTimestamp" DATETIME,
    "lastEventTimestamp" DATETIME,
    "lastIngestionTime" DATETIME,
    "storedBytes" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("logGroupName", "logStreamName")
);

-- CreateTable
CREATE TABLE "ScalableTarget" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceNamespace" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "scalableDimension" TEXT NOT NULL,
    "minCapacity" INTEGER NOT NULL,
    "maxCapacity" INTEGER NOT NULL,
    "roleArn" TEXT,
    "suspendedState" JSONB,
    "ownerUserId" TEXT,
    "lastScaleOutAt" DATETIME,
    "lastScaleInAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ScalingPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "arn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "policyType" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ScalingPolicy_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "ScalableTarget" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScalingActivity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceNamespace" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "scalableDimension" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "description" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "statusCode" TEXT NOT NULL,
    "statusMessage" TEXT,
    "fromCapacity" INTEGER NOT NULL,
    "toCapacity" INTEGER NOT NULL,
    "startTime" DATETIME NOT NULL,
    "endTime" DATETIME
);

-- CreateIndex
CREATE INDEX "LogStream_logGroupName_lastEventTimestamp_idx" ON "LogStream"("logGroupName", "lastEventTimestamp");

-- CreateIndex
CREATE INDEX "LogStream_ownerUserId_idx" ON "LogStream"("ownerUserId");

-- CreateIndex
CREATE INDEX "ScalableTarget_ownerUserId_idx" ON "ScalableTarget"("ownerUserId");

-- CreateIndex
CREATE UNIQUE INDEX "ScalableTarget_serviceNamespace_resourceId_scalableDimension_key" ON "ScalableTarget"("serviceNamespace", "resourceId", "scalableDimension");

-- CreateIndex
CREATE UNIQUE INDEX "ScalingPolicy_arn_key" ON "ScalingPolicy"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "ScalingPolicy_targetId_name_key" ON "ScalingPolicy"("targetId", "name");

-- CreateIndex
CREATE INDEX "ScalingActivity_serviceNamespace_resourceId_startTime_idx" ON "ScalingActivity"("serviceNamespace", "resourceId", "startTime");

-- CreateIndex
CREATE INDEX "ScalingActivity_ownerUserId_startTime_idx" ON "ScalingActivity"("ownerUserId", "startTime");
