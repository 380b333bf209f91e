-- Day close (Z-report, issue 11 item 5). A closed business day keeps its
-- figures as they were at the close ("DayClose"), and every order, payment and
-- succeeded refund is taken into exactly one close: "closeDay" names the
-- business day whose report holds it (null until a close takes it in). A
-- movement stored after its own day was closed stays null there and is taken
-- in by the next day that is still open (lib/reconciliation/day-selection.ts).
CREATE TABLE "DayClose" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "storeId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "report" TEXT NOT NULL,
    "acknowledged" TEXT NOT NULL,
    "closedBy" TEXT NOT NULL,
    "closedAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "DayClose_storeId_day_key" ON "DayClose"("storeId", "day");

-- A closed day's report never changes (PostgreSQL: prisma/postgres/day-close-frozen.sql).
CREATE TRIGGER "DayClose_no_update" BEFORE UPDATE ON "DayClose"
BEGIN
  SELECT RAISE(ABORT, 'a closed day is final');
END;
CREATE TRIGGER "DayClose_no_delete" BEFORE DELETE ON "DayClose"
BEGIN
  SELECT RAISE(ABORT, 'a closed day is final');
END;

ALTER TABLE "Order" ADD COLUMN "closeDay" TEXT;
ALTER TABLE "Payment" ADD COLUMN "closeDay" TEXT;
ALTER TABLE "Refund" ADD COLUMN "closeDay" TEXT;

-- Once a close took a row in, no statement moves it to another day.
CREATE TRIGGER "Order_closeDay_final" BEFORE UPDATE OF "closeDay" ON "Order"
WHEN OLD."closeDay" IS NOT NULL AND NEW."closeDay" IS NOT OLD."closeDay"
BEGIN
  SELECT RAISE(ABORT, 'a closed day is final');
END;
CREATE TRIGGER "Payment_closeDay_final" BEFORE UPDATE OF "closeDay" ON "Payment"
WHEN OLD."closeDay" IS NOT NULL AND NEW."closeDay" IS NOT OLD."closeDay"
BEGIN
  SELECT RAISE(ABORT, 'a closed day is final');
END;
CREATE TRIGGER "Refund_closeDay_final" BEFORE UPDATE OF "closeDay" ON "Refund"
WHEN OLD."closeDay" IS NOT NULL AND NEW."closeDay" IS NOT OLD."closeDay"
BEGIN
  SELECT RAISE(ABORT, 'a closed day is final');
END;

-- What a close takes in (null, within a span of days) and what a closed report holds (one day).
CREATE INDEX "Order_storeId_closeDay_createdAt_idx" ON "Order"("storeId", "closeDay", "createdAt");
CREATE INDEX "Payment_storeId_closeDay_paidAt_idx" ON "Payment"("storeId", "closeDay", "paidAt");
CREATE INDEX "Refund_storeId_closeDay_status_settledAt_idx" ON "Refund"("storeId", "closeDay", "status", "settledAt");

-- The day's CSV pages its payments, refunds and discrepancies by (time, id).
DROP INDEX "Payment_storeId_paidAt_idx";
CREATE INDEX "Payment_storeId_paidAt_id_idx" ON "Payment"("storeId", "paidAt", "id");
DROP INDEX "Refund_storeId_status_settledAt_idx";
CREATE INDEX "Refund_storeId_status_settledAt_id_idx" ON "Refund"("storeId", "status", "settledAt", "id");
-- The day's findings by (time, id); the Reconciliation page pages on it too.
CREATE INDEX "Discrepancy_storeId_detectedAt_id_idx" ON "Discrepancy"("storeId", "detectedAt", "id");
