-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "displayName" TEXT,
    "email" TEXT,
    "passwordHash" TEXT,
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "authSource" TEXT NOT NULL DEFAULT 'local',
    "externalId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Group" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "GroupMember" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("groupId", "userId"),
    CONSTRAINT "GroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccessKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    CONSTRAINT "AccessKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Domain" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "UserProfile" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "UserProfile_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UserProfile_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Tag" (
    "resourceArn" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("resourceArn", "key")
);

-- CreateTable
CREATE TABLE "InstanceType" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "vcpu" REAL NOT NULL,
    "memoryGiB" REAL NOT NULL,
    "gpus" INTEGER NOT NULL DEFAULT 0,
    "fastLaunch" BOOLEAN NOT NULL DEFAULT false,
    "pricePerHour" REAL NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Quota" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "domainId" TEXT,
    "groupId" TEXT,
    "userProfile" TEXT,
    "instanceType" TEXT NOT NULL,
    "maxInstances" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Quota_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Image" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "arn" TEXT NOT NULL,
    "displayName" TEXT,
    "description" TEXT,
    "roleArn" TEXT,
    "status" TEXT NOT NULL,
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ImageVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "imageName" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "arn" TEXT NOT NULL,
    "baseImage" TEXT NOT NULL,
    "containerImage" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "failureReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ImageVersion_imageName_fkey" FOREIGN KEY ("imageName") REFERENCES "Image" ("name") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AppImageConfig" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "arn" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "App" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "lastHealthCheckTimestamp" DATETIME,
    "lastUserActivityTimestamp" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "App_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MetricPoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "timestamp" DATETIME NOT NULL,
    CONSTRAINT "MetricPoint_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Model" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "spec" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "EndpointConfig" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "spec" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Endpoint" (
    "name" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Share" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "ownerUserId" TEXT NOT NULL,
    "domainId" TEXT,
    "path" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "includeOutputs" BOOLEAN NOT NULL DEFAULT true,
    "visibility" TEXT NOT NULL DEFAULT 'Public',
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Share_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "resourceArn" TEXT NOT NULL,
    "resourceKind" TEXT NOT NULL,
    "userId" TEXT,
    "domainId" TEXT,
    "instanceType" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME
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
