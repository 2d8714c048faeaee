-- CreateTable
CREATE TABLE "KernelSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domainId" TEXT NOT NULL,
    "userProfileName" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "type" TEXT NOT NULL DEFAULT 'notebook',
    "appId" TEXT NOT NULL,
    "upstreamSessionId" TEXT NOT NULL,
    "kernelId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "KernelSession_domainId_userProfileName_idx" ON "KernelSession"("domainId", "userProfileName");

-- CreateIndex
CREATE INDEX "KernelSession_kernelId_idx" ON "KernelSession"("kernelId");
