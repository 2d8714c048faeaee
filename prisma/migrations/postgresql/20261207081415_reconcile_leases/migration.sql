-- CreateTable
CREATE TABLE "ReconcileLease" (
    "key" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReconcileLease_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ReconcileLease_expiresAt_idx" ON "ReconcileLease"("expiresAt");
