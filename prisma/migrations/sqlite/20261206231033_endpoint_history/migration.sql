-- CreateTable
CREATE TABLE "EndpointHistory" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "endpointName" TEXT NOT NULL,
    "time" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL,
    "configName" TEXT,
    "change" TEXT,
    "reason" TEXT
);

-- CreateIndex
CREATE INDEX "EndpointHistory_endpointName_id_idx" ON "EndpointHistory"("endpointName", "id");
