-- CreateTable
CREATE TABLE "ModelPackageGroup" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "description" TEXT,
    "status" TEXT NOT NULL,
    "nextVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ModelPackage" (
    "arn" TEXT NOT NULL PRIMARY KEY,
    "groupName" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "ownerUserId" TEXT,
    "spec" JSONB NOT NULL,
    "approvalStatus" TEXT NOT NULL,
    "approvalDescription" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "ModelPackageGroup_arn_key" ON "ModelPackageGroup"("arn");

-- CreateIndex
CREATE INDEX "ModelPackage_ownerUserId_createdAt_idx" ON "ModelPackage"("ownerUserId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ModelPackage_groupName_version_key" ON "ModelPackage"("groupName", "version");
