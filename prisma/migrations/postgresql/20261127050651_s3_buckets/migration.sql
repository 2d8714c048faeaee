-- CreateTable
CREATE TABLE "Bucket" (
    "name" TEXT NOT NULL,
    "ownerUserId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Bucket_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "Bucket_ownerUserId_idx" ON "Bucket"("ownerUserId");
