-- CreateTable
CREATE TABLE "InvocationCount" (
    "endpointName" TEXT NOT NULL,
    "variantName" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "InvocationCount_pkey" PRIMARY KEY ("endpointName","variantName","windowStart")
);

-- CreateTable
CREATE TABLE "AutoscalingWindow" (
    "windowStart" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutoscalingWindow_pkey" PRIMARY KEY ("windowStart")
);

-- CreateIndex
CREATE INDEX "InvocationCount_windowStart_idx" ON "InvocationCount"("windowStart");
