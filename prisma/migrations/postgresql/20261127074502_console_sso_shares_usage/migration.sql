-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "domainId" TEXT,
ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'password',
ADD COLUMN     "userProfileName" TEXT;

-- AlterTable
ALTER TABLE "Domain" ADD COLUMN     "allowPublicShares" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "domainId" TEXT,
ADD COLUMN     "userProfileName" TEXT;

-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN     "domainId" TEXT,
ADD COLUMN     "userProfileName" TEXT;

-- AlterTable
ALTER TABLE "Share" ADD COLUMN     "lastViewedAt" TIMESTAMP(3),
ADD COLUMN     "title" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "tokenSealed" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "userProfileName" TEXT,
ADD COLUMN     "viewCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "UsageRecord" ADD COLUMN     "instance" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "resourceName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "userProfileName" TEXT;

-- CreateTable
CREATE TABLE "OneTimeToken" (
    "tokenHash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdById" TEXT,
    "domainId" TEXT,
    "userProfileName" TEXT,
    "sessionSeconds" INTEGER,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OneTimeToken_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "IdentityProvider" (
    "domainId" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretEncrypted" TEXT,
    "scopes" TEXT NOT NULL DEFAULT 'openid profile email',
    "usernameClaim" TEXT NOT NULL DEFAULT 'preferred_username',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IdentityProvider_pkey" PRIMARY KEY ("domainId")
);

-- CreateIndex
CREATE INDEX "OneTimeToken_userId_idx" ON "OneTimeToken"("userId");

-- CreateIndex
CREATE INDEX "UsageRecord_resourceArn_instance_endedAt_idx" ON "UsageRecord"("resourceArn", "instance", "endedAt");

-- AddForeignKey
ALTER TABLE "OneTimeToken" ADD CONSTRAINT "OneTimeToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdentityProvider" ADD CONSTRAINT "IdentityProvider_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;
