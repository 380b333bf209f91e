-- The Reconciliation page (issue 11): a refund issued from a discrepancy names
-- it, so that the refund's success resolves it; the day's discrepancy list is
-- paged newest first by ("detectedAt", "id") under each of its filters (the unfiltered index comes with the day close); the
-- chart of the day finds the findings of the day's payments.
ALTER TABLE "Refund" ADD COLUMN "discrepancyId" TEXT;
CREATE INDEX "Refund_discrepancyId_idx" ON "Refund"("discrepancyId");
CREATE INDEX "Discrepancy_storeId_status_detectedAt_id_idx" ON "Discrepancy"("storeId", "status", "detectedAt", "id");
CREATE INDEX "Discrepancy_storeId_type_detectedAt_id_idx" ON "Discrepancy"("storeId", "type", "detectedAt", "id");
CREATE INDEX "Discrepancy_storeId_type_status_detectedAt_id_idx" ON "Discrepancy"("storeId", "type", "status", "detectedAt", "id");
CREATE INDEX "Discrepancy_paymentId_idx" ON "Discrepancy"("paymentId");
