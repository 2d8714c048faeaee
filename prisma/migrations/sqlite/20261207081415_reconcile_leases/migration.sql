-- CreateTable
CREATE TABLE "ReconcileLease" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ReconcileLease_expiresAt_idx" ON "ReconcileLease"("expiresAt");
