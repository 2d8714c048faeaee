-- CreateIndex
CREATE INDEX "ReconcileLease_holder_idx" ON "ReconcileLease"("holder");
