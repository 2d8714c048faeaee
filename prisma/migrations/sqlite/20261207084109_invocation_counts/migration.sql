-- CreateTable
CREATE TABLE "InvocationCount" (
    "endpointName" TEXT NOT NULL,
    "variantName" TEXT NOT NULL,
    "windowStart" DATETIME NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("endpointName", "variantName", "windowStart")
);

-- CreateTable
CREATE TABLE "AutoscalingWindow" (
    "windowStart" DATETIME NOT NULL PRIMARY KEY
);

-- CreateIndex
CREATE INDEX "InvocationCount_windowStart_idx" ON "InvocationCount"("windowStart");
