-- CreateTable
CREATE TABLE "LogStream" (
    "logGroupName" TEXT NOT NULL,
    "logStreamName" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "resourceArn" TEXT NOT NULL,
    "creationTime" TIMESTAMP(3) NOT NULL,
    "firstEventTimestamp" TIMESTAMP(3),
    "lastEventTimestamp" TIMESTAMP(3),
    "lastIngestionTime" TIMESTAMP(3),
    "storedBytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "LogStream_pkey" PRIMARY KEY ("logGroupName","logStreamName")
);

-- CreateTable
CREATE TABLE "ScalableTarget" (
    "id" TEXT NOT NULL,
    "serviceNamespace" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "scalableDimension" TEXT NOT NULL,
    "minCapacity" INTEGER NOT NULL,
    "maxCapacity" INTEGER NOT NULL,
    "roleArn" TEXT,
    "suspendedState" JSONB,
    "ownerUserId" TEXT,
    "lastScaleOutAt" TIMESTAMP(3),
    "lastScaleInAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScalableTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScalingPolicy" (
    "id" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "policyType" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScalingPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScalingActivity" (
    "id" TEXT NOT NULL,
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
    "startTime" TIMESTAMP(3) NOT NULL,
    "endTime" TIMESTAMP(3),

    CONSTRAINT "ScalingActivity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LogStream_logGroupName_lastEventTimestamp_idx" ON "LogStream"("logGroupName", "lastEventTimestamp");

-- CreateIndex
CREATE INDEX "LogStream_ownerUserId_idx" ON "LogStream"("ownerUserId");

-- CreateIndex
CREATE INDEX "ScalableTarget_ownerUserId_idx" ON "ScalableTarget"("ownerUserId");

-- CreateIndex
CREATE UNIQUE INDEX "ScalableTarget_serviceNamespace_resourceId_scalableDimensio_key" ON "ScalableTarget"("serviceNamespace", "resourceId", "scalableDimension");

-- CreateIndex
CREATE UNIQUE INDEX "ScalingPolicy_arn_key" ON "ScalingPolicy"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "ScalingPolicy_targetId_name_key" ON "ScalingPolicy"("targetId", "name");

-- CreateIndex
CREATE INDEX "ScalingActivity_serviceNamespace_resourceId_startTime_idx" ON "ScalingActivity"("serviceNamespace", "resourceId", "startTime");

-- CreateIndex
CREATE INDEX "ScalingActivity_ownerUserId_startTime_idx" ON "ScalingActivity"("ownerUserId", "startTime");

-- AddForeignKey
ALTER TABLE "ScalingPolicy" ADD CONSTRAINT "ScalingPolicy_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "ScalableTarget"("id") ON DELETE CASCADE ON UPDATE CASCADE;
