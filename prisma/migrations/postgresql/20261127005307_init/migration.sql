-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT,
    "email" TEXT,
    "passwordHash" TEXT,
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "authSource" TEXT NOT NULL DEFAULT 'local',
    "externalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Group" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupMember" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "GroupMember_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessKey" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "AccessKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Domain" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "authMode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "failureReason" TEXT,
    "desiredState" TEXT NOT NULL DEFAULT 'Present',
    "deleteHomeStorage" BOOLEAN NOT NULL DEFAULT false,
    "vpcId" TEXT NOT NULL,
    "subnetIds" JSONB NOT NULL,
    "defaultUserSettings" JSONB NOT NULL,
    "domainSettings" JSONB,
    "defaultSpaceSettings" JSONB,
    "appNetworkAccessType" TEXT NOT NULL DEFAULT 'PublicInternetOnly',
    "appSecurityGroupManagement" TEXT,
    "kmsKeyId" TEXT,
    "homeEfsFileSystemKmsKeyId" TEXT,
    "homeEfsFileSystemId" TEXT,
    "url" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Domain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserProfile" (
    "id" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "failureReason" TEXT,
    "desiredState" TEXT NOT NULL DEFAULT 'Present',
    "userSettings" JSONB,
    "singleSignOnUserIdentifier" TEXT,
    "singleSignOnUserValue" TEXT,
    "homeEfsFileSystemUid" TEXT,
    "ownerUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "resourceArn" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("resourceArn","key")
);

-- CreateTable
CREATE TABLE "InstanceType" (
    "name" TEXT NOT NULL,
    "vcpu" DOUBLE PRECISION NOT NULL,
    "memoryGiB" DOUBLE PRECISION NOT NULL,
    "gpus" INTEGER NOT NULL DEFAULT 0,
    "fastLaunch" BOOLEAN NOT NULL DEFAULT false,
    "pricePerHour" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "InstanceType_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Quota" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "domainId" TEXT,
    "groupId" TEXT,
    "userProfile" TEXT,
    "instanceType" TEXT NOT NULL,
    "maxInstances" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Quota_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Image" (
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "displayName" TEXT,
    "description" TEXT,
    "roleArn" TEXT,
    "status" TEXT NOT NULL,
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Image_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ImageVersion" (
    "id" TEXT NOT NULL,
    "imageName" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "arn" TEXT NOT NULL,
    "baseImage" TEXT NOT NULL,
    "containerImage" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "failureReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImageVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppImageConfig" (
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppImageConfig_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "App" (
    "id" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "userProfileName" TEXT,
    "spaceName" TEXT,
    "appType" TEXT NOT NULL,
    "appName" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "failureReason" TEXT,
    "desiredState" TEXT NOT NULL DEFAULT 'Present',
    "instanceType" TEXT NOT NULL,
    "imageArn" TEXT,
    "imageVersionArn" TEXT,
    "backend" TEXT,
    "backendState" JSONB,
    "lastHealthCheckTimestamp" TIMESTAMP(3),
    "lastUserActivityTimestamp" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "App_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "spec" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "secondaryStatus" TEXT,
    "statusTransitions" JSONB,
    "failureReason" TEXT,
    "exitMessage" TEXT,
    "desiredState" TEXT NOT NULL DEFAULT 'Completed',
    "backend" TEXT,
    "backendState" JSONB,
    "instanceType" TEXT,
    "instanceCount" INTEGER NOT NULL DEFAULT 1,
    "outputs" JSONB,
    "finalMetrics" JSONB,
    "billableTimeInSeconds" INTEGER,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricPoint" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MetricPoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "spec" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "EndpointConfig" (
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "spec" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EndpointConfig_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Endpoint" (
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "configName" TEXT NOT NULL,
    "desiredConfigName" TEXT,
    "status" TEXT NOT NULL,
    "failureReason" TEXT,
    "desiredState" TEXT NOT NULL DEFAULT 'Present',
    "variants" JSONB,
    "backendState" JSONB,
    "lastUpdateStatus" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Endpoint_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Share" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "ownerUserId" TEXT NOT NULL,
    "domainId" TEXT,
    "path" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "includeOutputs" BOOLEAN NOT NULL DEFAULT true,
    "visibility" TEXT NOT NULL DEFAULT 'Public',
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Share_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" TEXT NOT NULL,
    "resourceArn" TEXT NOT NULL,
    "resourceKind" TEXT NOT NULL,
    "userId" TEXT,
    "domainId" TEXT,
    "instanceType" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Group_name_key" ON "Group"("name");

-- CreateIndex
CREATE INDEX "GroupMember_userId_idx" ON "GroupMember"("userId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "AccessKey_userId_idx" ON "AccessKey"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Domain_arn_key" ON "Domain"("arn");

-- CreateIndex
CREATE INDEX "Domain_createdAt_idx" ON "Domain"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "UserProfile_arn_key" ON "UserProfile"("arn");

-- CreateIndex
CREATE INDEX "UserProfile_createdAt_idx" ON "UserProfile"("createdAt");

-- CreateIndex
CREATE INDEX "UserProfile_updatedAt_idx" ON "UserProfile"("updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "UserProfile_domainId_name_key" ON "UserProfile"("domainId", "name");

-- CreateIndex
CREATE INDEX "Quota_domainId_idx" ON "Quota"("domainId");

-- CreateIndex
CREATE UNIQUE INDEX "Image_arn_key" ON "Image"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "ImageVersion_arn_key" ON "ImageVersion"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "ImageVersion_imageName_version_key" ON "ImageVersion"("imageName", "version");

-- CreateIndex
CREATE UNIQUE INDEX "AppImageConfig_arn_key" ON "AppImageConfig"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "App_arn_key" ON "App"("arn");

-- CreateIndex
CREATE INDEX "App_domainId_userProfileName_idx" ON "App"("domainId", "userProfileName");

-- CreateIndex
CREATE UNIQUE INDEX "Job_arn_key" ON "Job"("arn");

-- CreateIndex
CREATE INDEX "Job_kind_createdAt_idx" ON "Job"("kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_kind_name_key" ON "Job"("kind", "name");

-- CreateIndex
CREATE INDEX "MetricPoint_jobId_name_timestamp_idx" ON "MetricPoint"("jobId", "name", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "Model_arn_key" ON "Model"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "EndpointConfig_arn_key" ON "EndpointConfig"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "Endpoint_arn_key" ON "Endpoint"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "Share_tokenHash_key" ON "Share"("tokenHash");

-- CreateIndex
CREATE INDEX "Share_ownerUserId_idx" ON "Share"("ownerUserId");

-- CreateIndex
CREATE INDEX "UsageRecord_userId_startedAt_idx" ON "UsageRecord"("userId", "startedAt");

-- CreateIndex
CREATE INDEX "UsageRecord_domainId_startedAt_idx" ON "UsageRecord"("domainId", "startedAt");

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessKey" ADD CONSTRAINT "AccessKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserProfile" ADD CONSTRAINT "UserProfile_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserProfile" ADD CONSTRAINT "UserProfile_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Quota" ADD CONSTRAINT "Quota_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImageVersion" ADD CONSTRAINT "ImageVersion_imageName_fkey" FOREIGN KEY ("imageName") REFERENCES "Image"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "App" ADD CONSTRAINT "App_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricPoint" ADD CONSTRAINT "MetricPoint_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Share" ADD CONSTRAINT "Share_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
