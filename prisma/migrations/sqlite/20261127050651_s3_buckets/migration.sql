-- CreateTable
CREATE TABLE "Bucket" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "ownerUserId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Bucket_ownerUserId_idx" ON "Bucket"("ownerUserId");
