-- CreateTable
CREATE TABLE "ModelPackageGroup" (
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "description" TEXT,
    "status" TEXT NOT NULL,
    "nextVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelPackageGroup_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ModelPackage" (
    "arn" TEXT NOT NULL,
    "groupName" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "ownerUserId" TEXT,
    "spec" JSONB NOT NULL,
    "approvalStatus" TEXT NOT NULL,
    "approvalDescription" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelPackage_pkey" PRIMARY KEY ("arn")
);

-- CreateIndex
CREATE UNIQUE INDEX "ModelPackageGroup_arn_key" ON "ModelPackageGroup"("arn");

-- CreateIndex
CREATE INDEX "ModelPackage_ownerUserId_createdAt_idx" ON "ModelPackage"("ownerUserId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ModelPackage_groupName_version_key" ON "ModelPackage"("groupName", "version");
