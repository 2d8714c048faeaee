-- CreateTable
CREATE TABLE "EndpointHistory" (
    "id" SERIAL NOT NULL,
    "endpointName" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL,
    "configName" TEXT,
    "change" TEXT,
    "reason" TEXT,

    CONSTRAINT "EndpointHistory_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EndpointHistory_endpointName_id_idx" ON "EndpointHistory"("endpointName", "id");
