-- AlterTable
ALTER TABLE "Job" ADD COLUMN "domainId" TEXT;
ALTER TABLE "Job" ADD COLUMN "userProfileName" TEXT;

-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN "domainId" TEXT;
ALTER TABLE "Endpoint" ADD COLUMN "userProfileName" TEXT;

-- CreateTable
CREATE TABLE "OneTimeToken" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "purpose" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdById" TEXT,
    "domainId" TEXT,
    "userProfileName" TEXT,
    "sessionSeconds" INTEGER,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OneTimeToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IdentityProvider" (
    "domainId" TEXT NOT NULL PRIMARY KEY,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretEncrypted" TEXT,
    "scopes" TEXT NOT NULL DEFAULT 'openid profile email',
    "usernameClaim" TEXT NOT NULL DEFAULT 'preferred_username',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "IdentityProvider_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "origin" TEXT NOT NULL DEFAULT 'password',
    "domainId" TEXT,
    "userProfileName" TEXT,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("createdAt", "expiresAt", "id", "lastSeenAt", "userId") SELECT "createdAt", "expiresAt", "id", "lastSeenAt", "userId" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE INDEX "Session_userId_idx" ON "Session"("userId");
CREATE TABLE "new_Domain" (
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
    "updatedAt" DATETIME NOT NULL,
    "allowPublicShares" BOOLEAN NOT NULL DEFAULT true
);
INSERT INTO "new_Domain" ("appNetworkAccessType", "appSecurityGroupManagement", "arn", "authMode", "createdAt", "defaultSpaceSettings", "defaultUserSettings", "deleteHomeStorage", "desiredState", "domainSettings", "failureReason", "homeEfsFileSystemId", "homeEfsFileSystemKmsKeyId", "id", "kmsKeyId", "name", "status", "subnetIds", "updatedAt", "url", "vpcId") SELECT "appNetworkAccessType", "appSecurityGroupManagement", "arn", "authMode", "createdAt", "defaultSpaceSettings", "defaultUserSettings", "deleteHomeStorage", "desiredState", "domainSettings", "failureReason", "homeEfsFileSystemId", "homeEfsFileSystemKmsKeyId", "id", "kmsKeyId", "name", "status", "subnetIds", "updatedAt", "url", "vpcId" FROM "Domain";
DROP TABLE "Domain";
ALTER TABLE "new_Domain" RENAME TO "Domain";
CREATE UNIQUE INDEX "Domain_arn_key" ON "Domain"("arn");
CREATE INDEX "Domain_createdAt_idx" ON "Domain"("createdAt");
CREATE TABLE "new_Share" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "tokenSealed" TEXT,
    "ownerUserId" TEXT NOT NULL,
    "domainId" TEXT,
    "userProfileName" TEXT,
    "path" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "snapshot" JSONB NOT NULL,
    "includeOutputs" BOOLEAN NOT NULL DEFAULT true,
    "visibility" TEXT NOT NULL DEFAULT 'Public',
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    "viewCount" INTEGER NOT NULL DEFAULT 0,
    "lastViewedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Share_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Share" ("createdAt", "domainId", "expiresAt", "id", "includeOutputs", "ownerUserId", "path", "revokedAt", "snapshot", "tokenHash", "visibility") SELECT "createdAt", "domainId", "expiresAt", "id", "includeOutputs", "ownerUserId", "path", "revokedAt", "snapshot", "tokenHash", "visibility" FROM "Share";
DROP TABLE "Share";
ALTER TABLE "new_Share" RENAME TO "Share";
CREATE UNIQUE INDEX "Share_tokenHash_key" ON "Share"("tokenHash");
CREATE INDEX "Share_ownerUserId_idx" ON "Share"("ownerUserId");
CREATE TABLE "new_UsageRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "resourceArn" TEXT NOT NULL,
    "resourceKind" TEXT NOT NULL,
    "resourceName" TEXT NOT NULL DEFAULT '',
    "instance" TEXT NOT NULL DEFAULT '',
    "userId" TEXT,
    "domainId" TEXT,
    "userProfileName" TEXT,
    "instanceType" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME
);
INSERT INTO "new_UsageRecord" ("domainId", "endedAt", "id", "instanceType", "resourceArn", "resourceKind", "startedAt", "userId") SELECT "domainId", "endedAt", "id", "instanceType", "resourceArn", "resourceKind", "startedAt", "userId" FROM "UsageRecord";
DROP TABLE "UsageRecord";
ALTER TABLE "new_UsageRecord" RENAME TO "UsageRecord";
CREATE INDEX "UsageRecord_resourceArn_instance_endedAt_idx" ON "UsageRecord"("resourceArn", "instance", "endedAt");
CREATE INDEX "UsageRecord_userId_startedAt_idx" ON "UsageRecord"("userId", "startedAt");
CREATE INDEX "UsageRecord_domainId_startedAt_idx" ON "UsageRecord"("domainId", "startedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OneTimeToken_userId_idx" ON "OneTimeToken"("userId");
