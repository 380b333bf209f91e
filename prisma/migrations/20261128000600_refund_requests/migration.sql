-- Refunds issued by Till (issue 10): the caller's idempotency key of a refund
-- intent, so that one intent reserves at most one refund whatever is retried,
-- and when the refund sweeper should next ask the provider about it.
ALTER TABLE "Refund" ADD COLUMN "requestKey" TEXT;
ALTER TABLE "Refund" ADD COLUMN "nextCheckAt" DATETIME;
CREATE UNIQUE INDEX "Refund_storeId_requestKey_key" ON "Refund"("storeId", "requestKey");
CREATE INDEX "Refund_status_nextCheckAt_idx" ON "Refund"("status", "nextCheckAt");
