-- Statement import and three-way matching (issue 11).
--
-- An import is staged in short batches straight into "StatementLine" under an
-- import whose status is 'staging', then made visible by one short update of
-- its "StatementImport" row to 'imported': nothing reads the lines of an import
-- that is not 'imported', so a file counts whole or not at all, and the one
-- writer is never held for longer than one batch.
ALTER TABLE "StatementImport" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'staging';
ALTER TABLE "StatementImport" ADD COLUMN "format" TEXT NOT NULL DEFAULT 'sandbox_csv';
-- Movements this file added (a later full-day statement after a partial one adds only the new ones).
ALTER TABLE "StatementImport" ADD COLUMN "added" INTEGER NOT NULL DEFAULT 0;
-- Set once matching has run to the end; an import that is imported but not yet matched is matched again.
ALTER TABLE "StatementImport" ADD COLUMN "matchedAt" DATETIME;
CREATE INDEX "StatementImport_accountId_status_periodStart_idx" ON "StatementImport"("accountId", "status", "periodStart");
DROP INDEX "StatementImport_accountId_periodStart_idx";

-- Matching walks an import's lines in ranges of line numbers.
DROP INDEX "StatementLine_importId_idx";
DROP INDEX "StatementLine_providerPaymentId_idx";
CREATE INDEX "StatementLine_importId_lineNo_idx" ON "StatementLine"("importId", "lineNo");

-- A payment's fee and net as the provider's statement booked them; null until a statement holds it.
ALTER TABLE "Payment" ADD COLUMN "fee" INTEGER;
ALTER TABLE "Payment" ADD COLUMN "net" INTEGER;
-- Payments of an account within a statement's period (unsettled_payment).
CREATE INDEX "Payment_accountId_paidAt_idx" ON "Payment"("accountId", "paidAt");

-- Succeeded refunds within a statement's period (refund_mismatch), and a store's day (summary).
CREATE INDEX "Refund_accountId_status_settledAt_idx" ON "Refund"("accountId", "status", "settledAt");
CREATE INDEX "Refund_storeId_status_settledAt_idx" ON "Refund"("storeId", "status", "settledAt");

-- The summary counts a business day's open discrepancies by type from the index alone.
CREATE INDEX "Discrepancy_storeId_status_detectedAt_type_idx" ON "Discrepancy"("storeId", "status", "detectedAt", "type");
