-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "displayName" TEXT,
    "description" TEXT,
    "sourceArn" TEXT,
    "sourceType" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Trial" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "experimentId" TEXT NOT NULL,
    "displayName" TEXT,
    "sourceArn" TEXT,
    "sourceType" TEXT,
    "metadata" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Trial_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrialComponent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "displayName" TEXT,
    "spec" JSONB NOT NULL,
    "sourceJobId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TrialComponentAssociation" (
    "trialId" TEXT NOT NULL,
    "trialComponentId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("trialId", "trialComponentId"),
    CONSTRAINT "TrialComponentAssociation_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TrialComponentAssociation_trialComponentId_fkey" FOREIGN KEY ("trialComponentId") REFERENCES "TrialComponent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_name_key" ON "Experiment"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_arn_key" ON "Experiment"("arn");

-- CreateIndex
CREATE INDEX "Experiment_ownerUserId_createdAt_idx" ON "Experiment"("ownerUserId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Trial_name_key" ON "Trial"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Trial_arn_key" ON "Trial"("arn");

-- CreateIndex
CREATE INDEX "Trial_ownerUserId_createdAt_idx" ON "Trial"("ownerUserId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrialComponent_name_key" ON "TrialComponent"("name");

-- CreateIndex
CREATE UNIQUE INDEX "TrialComponent_arn_key" ON "TrialComponent"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "TrialComponent_sourceJobId_key" ON "TrialComponent"("sourceJobId");

-- CreateIndex
CREATE INDEX "TrialComponent_ownerUserId_createdAt_idx" ON "TrialComponent"("ownerUserId", "createdAt");

-- CreateIndex
CREATE INDEX "TrialComponentAssociation_trialComponentId_idx" ON "TrialComponentAssociation"("trialComponentId");
