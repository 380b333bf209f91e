-- A provider account (one merchant id, its credentials and webhook secret) may
-- serve several stores. Payments, refunds, inbox events and statements are
-- unique per account, not per store connection, so that one payment learned
-- through two stores' connections is recorded once (DESIGN.md).

CREATE TABLE "ProviderAccount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "storeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "apiKey" TEXT NOT NULL,
    "webhookSecret" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProviderAccount_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "ProviderAccount_kind_idx" ON "ProviderAccount"("kind");

-- Every existing connection becomes its own account (ids pc_X → pa_X), owned by its store.
INSERT INTO "ProviderAccount" ("id", "storeId", "kind", "name", "baseUrl", "apiKey", "webhookSecret", "createdAt")
SELECT 'pa_' || substr("id", 4), "storeId", "kind", "name", "baseUrl", "apiKey", "webhookSecret", "createdAt" FROM "ProviderConnection";

-- A connection is now a store's use of an account; the credentials live on the account.
CREATE TABLE "new_ProviderConnection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "storeId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProviderConnection_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ProviderConnection_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "ProviderAccount" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ProviderConnection" ("id", "storeId", "accountId", "name", "isDefault", "createdAt")
SELECT "id", "storeId", 'pa_' || substr("id", 4), "name", "isDefault", "createdAt" FROM "ProviderConnection";
DROP TABLE "ProviderConnection";
ALTER TABLE "new_ProviderConnection" RENAME TO "ProviderConnection";
CREATE INDEX "ProviderConnection_storeId_idx" ON "ProviderConnection"("storeId");
CREATE UNIQUE INDEX "ProviderConnection_storeId_accountId_key" ON "ProviderConnection"("storeId", "accountId");

-- Payments, refunds, inbox rows and statements: keyed by account.
DROP INDEX "Payment_connectionId_providerPaymentId_key";
ALTER TABLE "Payment" RENAME COLUMN "connectionId" TO "accountId";
UPDATE "Payment" SET "accountId" = 'pa_' || substr("accountId", 4);
CREATE UNIQUE INDEX "Payment_accountId_providerPaymentId_key" ON "Payment"("accountId", "providerPaymentId");

DROP INDEX "Refund_connectionId_refundKey_key";
DROP INDEX "Refund_connectionId_providerRefundId_key";
ALTER TABLE "Refund" RENAME COLUMN "connectionId" TO "accountId";
UPDATE "Refund" SET "accountId" = 'pa_' || substr("accountId", 4);
CREATE UNIQUE INDEX "Refund_accountId_refundKey_key" ON "Refund"("accountId", "refundKey");
CREATE UNIQUE INDEX "Refund_accountId_providerRefundId_key" ON "Refund"("accountId", "providerRefundId");

-- The inbox keeps a bounded record of rejected attempts: a hash, the size and a short prefix of the body.
DROP INDEX "WebhookDelivery_connectionId_eventId_key";
ALTER TABLE "WebhookDelivery" RENAME COLUMN "connectionId" TO "accountId";
UPDATE "WebhookDelivery" SET "accountId" = 'pa_' || substr("accountId", 4) WHERE "accountId" IS NOT NULL;
ALTER TABLE "WebhookDelivery" ADD COLUMN "bodySha256" TEXT;
ALTER TABLE "WebhookDelivery" ADD COLUMN "bodyBytes" INTEGER;
CREATE UNIQUE INDEX "WebhookDelivery_accountId_eventId_key" ON "WebhookDelivery"("accountId", "eventId");
CREATE INDEX "WebhookDelivery_verified_receivedAt_idx" ON "WebhookDelivery"("verified", "receivedAt");

DROP INDEX "StatementImport_connectionId_sha256_key";
DROP INDEX "StatementImport_connectionId_periodStart_idx";
ALTER TABLE "StatementImport" RENAME COLUMN "connectionId" TO "accountId";
UPDATE "StatementImport" SET "accountId" = 'pa_' || substr("accountId", 4);
CREATE UNIQUE INDEX "StatementImport_accountId_sha256_key" ON "StatementImport"("accountId", "sha256");
CREATE INDEX "StatementImport_accountId_periodStart_idx" ON "StatementImport"("accountId", "periodStart");

DROP INDEX "StatementLine_connectionId_movementKey_key";
ALTER TABLE "StatementLine" RENAME COLUMN "connectionId" TO "accountId";
UPDATE "StatementLine" SET "accountId" = 'pa_' || substr("accountId", 4);
CREATE UNIQUE INDEX "StatementLine_accountId_movementKey_key" ON "StatementLine"("accountId", "movementKey");

-- Retention: old login attempts are pruned by time.
CREATE INDEX "LoginAttempt_createdAt_idx" ON "LoginAttempt"("createdAt");
