-- Till on PostgreSQL: the schema as prisma/migrations stands at
-- 20261128001500_provider_kinds, consolidated into one migration (PostgreSQL
-- started there). Every later change to prisma/schema.prisma adds a folder of
-- the same name here and in prisma/migrations; lib/db/schema-drift.test.ts
-- checks both against the schema.
--
-- Foreign keys come last so that tables can be created in any order.

CREATE TABLE "Store" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "qrLifetimeS" INTEGER NOT NULL DEFAULT 300,
    "refundApprovalThreshold" INTEGER NOT NULL DEFAULT 20000,
    "amountTolerance" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmAmountAbove" INTEGER NOT NULL DEFAULT 1000000,
    CONSTRAINT "Store_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Staff" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "pinHash" TEXT NOT NULL,
    "failedPinCount" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Staff_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Terminal" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nextSeq" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Terminal_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "terminalId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "ownerSeenAt" TIMESTAMP(3),
    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "terminalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdById" TEXT,
    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Product" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "unitAmount" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "categoryId" TEXT,
    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Order" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "terminalId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "providerRef" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "note" TEXT,
    "amountReceived" INTEGER NOT NULL DEFAULT 0,
    "amountRefunded" INTEGER NOT NULL DEFAULT 0,
    "amountRefunding" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paidAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "nextCheckAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "closeDay" TEXT,
    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "OrderItem" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productId" TEXT,
    "name" TEXT NOT NULL,
    "unitAmount" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'item',
    "nameEn" TEXT,
    "nameZh" TEXT,
    CONSTRAINT "OrderItem_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Charge" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "providerChargeId" TEXT,
    "qrContent" TEXT,
    "status" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    CONSTRAINT "Charge_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "orderId" TEXT,
    "accountId" TEXT NOT NULL,
    "providerPaymentId" TEXT NOT NULL,
    "providerChargeId" TEXT NOT NULL,
    "merchantRef" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "payer" TEXT,
    "paidAt" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "fee" INTEGER,
    "net" INTEGER,
    "closeDay" TEXT,
    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "orderId" TEXT,
    "paymentId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "providerRefundId" TEXT,
    "refundKey" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "failureReason" TEXT,
    "origin" TEXT NOT NULL DEFAULT 'till',
    "requestedBy" TEXT,
    "approvedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" TIMESTAMP(3),
    "requestKey" TEXT,
    "nextCheckAt" TIMESTAMP(3),
    "closeDay" TEXT,
    "checkAttempts" INTEGER NOT NULL DEFAULT 0,
    "discrepancyId" TEXT,
    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "accountId" TEXT,
    "provider" TEXT NOT NULL,
    "eventId" TEXT,
    "eventType" TEXT,
    "eventJson" TEXT,
    "paymentRef" TEXT,
    "rawBody" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verified" BOOLEAN NOT NULL,
    "rejectReason" TEXT,
    "outcome" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3),
    "duplicateCount" INTEGER NOT NULL DEFAULT 0,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "bodySha256" TEXT,
    "bodyBytes" INTEGER,
    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Discrepancy" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "dedupeKey" TEXT NOT NULL,
    "orderId" TEXT,
    "paymentId" TEXT,
    "refundId" TEXT,
    "statementLineId" TEXT,
    "expectedAmount" INTEGER,
    "actualAmount" INTEGER,
    "currency" TEXT NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolution" TEXT,
    "resolvedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "note" TEXT,
    CONSTRAINT "Discrepancy_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "StatementImport" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "sha256" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "matched" INTEGER NOT NULL,
    "opened" INTEGER NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importedBy" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'staging',
    "format" TEXT NOT NULL DEFAULT 'sandbox_csv',
    "added" INTEGER NOT NULL DEFAULT 0,
    "matchedAt" TIMESTAMP(3),
    CONSTRAINT "StatementImport_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "StatementLine" (
    "id" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "lineNo" INTEGER NOT NULL,
    "movementKey" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "providerChargeId" TEXT NOT NULL,
    "merchantRef" TEXT NOT NULL,
    "providerPaymentId" TEXT NOT NULL,
    "providerRefundId" TEXT,
    "amount" INTEGER NOT NULL,
    "fee" INTEGER NOT NULL,
    "net" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    CONSTRAINT "StatementLine_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "storeId" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "data" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "terminalId" TEXT,
    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "IdempotencyRecord" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseBody" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);
CREATE TABLE "LoginAttempt" (
    "id" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "staffId" TEXT,
    "success" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "ProviderAccount" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "apiKey" TEXT NOT NULL,
    "webhookSecret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "previousWebhookSecret" TEXT,
    "secretRotatedAt" TIMESTAMP(3),
    "editedAt" TIMESTAMP(3),
    "sealedCredentials" TEXT,
    CONSTRAINT "ProviderAccount_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "ProviderConnection" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProviderConnection_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Category" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "Category_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "DayClose" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "report" TEXT NOT NULL,
    "acknowledged" TEXT NOT NULL,
    "closedBy" TEXT NOT NULL,
    "closedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "DayClose_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Staff_storeId_idx" ON "Staff"("storeId");
CREATE UNIQUE INDEX "Terminal_storeId_code_key" ON "Terminal"("storeId", "code");
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");
CREATE INDEX "Session_staffId_idx" ON "Session"("staffId");
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");
CREATE INDEX "ApiKey_storeId_idx" ON "ApiKey"("storeId");
CREATE INDEX "Product_storeId_idx" ON "Product"("storeId");
CREATE UNIQUE INDEX "Order_providerRef_key" ON "Order"("providerRef");
CREATE UNIQUE INDEX "Order_storeId_reference_key" ON "Order"("storeId", "reference");
CREATE INDEX "Order_status_nextCheckAt_idx" ON "Order"("status", "nextCheckAt");
CREATE INDEX "OrderItem_orderId_idx" ON "OrderItem"("orderId");
CREATE UNIQUE INDEX "Charge_orderId_key" ON "Charge"("orderId");
CREATE UNIQUE INDEX "Charge_connectionId_providerChargeId_key" ON "Charge"("connectionId", "providerChargeId");
CREATE INDEX "Payment_orderId_idx" ON "Payment"("orderId");
CREATE INDEX "Refund_paymentId_idx" ON "Refund"("paymentId");
CREATE INDEX "Refund_orderId_idx" ON "Refund"("orderId");
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt");
CREATE INDEX "WebhookDelivery_outcome_paymentRef_idx" ON "WebhookDelivery"("outcome", "paymentRef");
CREATE UNIQUE INDEX "Discrepancy_dedupeKey_key" ON "Discrepancy"("dedupeKey");
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");
CREATE UNIQUE INDEX "IdempotencyRecord_scope_route_key_key" ON "IdempotencyRecord"("scope", "route", "key");
CREATE INDEX "IdempotencyRecord_expiresAt_idx" ON "IdempotencyRecord"("expiresAt");
CREATE INDEX "LoginAttempt_client_createdAt_idx" ON "LoginAttempt"("client", "createdAt");
CREATE INDEX "ProviderAccount_kind_idx" ON "ProviderAccount"("kind");
CREATE INDEX "ProviderConnection_storeId_idx" ON "ProviderConnection"("storeId");
CREATE UNIQUE INDEX "ProviderConnection_storeId_accountId_key" ON "ProviderConnection"("storeId", "accountId");
CREATE UNIQUE INDEX "Payment_accountId_providerPaymentId_key" ON "Payment"("accountId", "providerPaymentId");
CREATE UNIQUE INDEX "Refund_accountId_refundKey_key" ON "Refund"("accountId", "refundKey");
CREATE UNIQUE INDEX "Refund_accountId_providerRefundId_key" ON "Refund"("accountId", "providerRefundId");
CREATE UNIQUE INDEX "WebhookDelivery_accountId_eventId_key" ON "WebhookDelivery"("accountId", "eventId");
CREATE INDEX "WebhookDelivery_verified_receivedAt_idx" ON "WebhookDelivery"("verified", "receivedAt");
CREATE UNIQUE INDEX "StatementImport_accountId_sha256_key" ON "StatementImport"("accountId", "sha256");
CREATE UNIQUE INDEX "StatementLine_accountId_movementKey_key" ON "StatementLine"("accountId", "movementKey");
CREATE INDEX "LoginAttempt_createdAt_idx" ON "LoginAttempt"("createdAt");
CREATE INDEX "Order_storeId_createdAt_id_idx" ON "Order"("storeId", "createdAt", "id");
CREATE INDEX "Order_storeId_status_createdAt_id_idx" ON "Order"("storeId", "status", "createdAt", "id");
CREATE INDEX "Discrepancy_storeId_id_idx" ON "Discrepancy"("storeId", "id");
CREATE INDEX "Discrepancy_storeId_status_id_idx" ON "Discrepancy"("storeId", "status", "id");
CREATE INDEX "Discrepancy_storeId_type_id_idx" ON "Discrepancy"("storeId", "type", "id");
CREATE INDEX "Discrepancy_orderId_id_idx" ON "Discrepancy"("orderId", "id");
CREATE INDEX "Order_storeId_createdBy_createdAt_id_idx" ON "Order"("storeId", "createdBy", "createdAt", "id");
CREATE INDEX "Order_storeId_amount_createdAt_id_idx" ON "Order"("storeId", "amount", "createdAt", "id");
CREATE INDEX "Category_storeId_sortOrder_idx" ON "Category"("storeId", "sortOrder");
CREATE INDEX "Product_storeId_sortOrder_idx" ON "Product"("storeId", "sortOrder");
CREATE INDEX "StatementImport_accountId_status_periodStart_idx" ON "StatementImport"("accountId", "status", "periodStart");
CREATE INDEX "StatementLine_importId_lineNo_idx" ON "StatementLine"("importId", "lineNo");
CREATE INDEX "Payment_accountId_paidAt_idx" ON "Payment"("accountId", "paidAt");
CREATE INDEX "Refund_accountId_status_settledAt_idx" ON "Refund"("accountId", "status", "settledAt");
CREATE INDEX "Discrepancy_storeId_status_detectedAt_type_idx" ON "Discrepancy"("storeId", "status", "detectedAt", "type");
CREATE UNIQUE INDEX "Refund_storeId_requestKey_key" ON "Refund"("storeId", "requestKey");
CREATE INDEX "Refund_status_nextCheckAt_idx" ON "Refund"("status", "nextCheckAt");
CREATE INDEX "AuditEvent_storeId_createdAt_id_idx" ON "AuditEvent"("storeId", "createdAt", "id");
CREATE INDEX "AuditEvent_storeId_action_createdAt_id_idx" ON "AuditEvent"("storeId", "action", "createdAt", "id");
CREATE INDEX "AuditEvent_storeId_actor_createdAt_id_idx" ON "AuditEvent"("storeId", "actor", "createdAt", "id");
CREATE INDEX "WebhookDelivery_provider_receivedAt_id_accountId_idx" ON "WebhookDelivery"("provider", "receivedAt", "id", "accountId");
CREATE INDEX "WebhookDelivery_provider_outcome_receivedAt_id_accountId_idx" ON "WebhookDelivery"("provider", "outcome", "receivedAt", "id", "accountId");
CREATE INDEX "WebhookDelivery_provider_eventType_receivedAt_id_accountId_idx" ON "WebhookDelivery"("provider", "eventType", "receivedAt", "id", "accountId");
CREATE UNIQUE INDEX "DayClose_storeId_day_key" ON "DayClose"("storeId", "day");
CREATE INDEX "Order_storeId_closeDay_createdAt_idx" ON "Order"("storeId", "closeDay", "createdAt");
CREATE INDEX "Payment_storeId_closeDay_paidAt_idx" ON "Payment"("storeId", "closeDay", "paidAt");
CREATE INDEX "Refund_storeId_closeDay_status_settledAt_idx" ON "Refund"("storeId", "closeDay", "status", "settledAt");
CREATE INDEX "Payment_storeId_paidAt_id_idx" ON "Payment"("storeId", "paidAt", "id");
CREATE INDEX "Refund_storeId_status_settledAt_id_idx" ON "Refund"("storeId", "status", "settledAt", "id");
CREATE INDEX "Discrepancy_storeId_detectedAt_id_idx" ON "Discrepancy"("storeId", "detectedAt", "id");
CREATE INDEX "Order_storeId_terminalId_createdAt_id_idx" ON "Order"("storeId", "terminalId", "createdAt", "id");
CREATE INDEX "Refund_discrepancyId_idx" ON "Refund"("discrepancyId");
CREATE INDEX "Discrepancy_storeId_status_detectedAt_id_idx" ON "Discrepancy"("storeId", "status", "detectedAt", "id");
CREATE INDEX "Discrepancy_storeId_type_detectedAt_id_idx" ON "Discrepancy"("storeId", "type", "detectedAt", "id");
CREATE INDEX "Discrepancy_storeId_type_status_detectedAt_id_idx" ON "Discrepancy"("storeId", "type", "status", "detectedAt", "id");
CREATE INDEX "Discrepancy_paymentId_idx" ON "Discrepancy"("paymentId");

ALTER TABLE "Staff" ADD CONSTRAINT "Staff_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Terminal" ADD CONSTRAINT "Terminal_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Session" ADD CONSTRAINT "Session_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Session" ADD CONSTRAINT "Session_terminalId_fkey" FOREIGN KEY ("terminalId") REFERENCES "Terminal" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_terminalId_fkey" FOREIGN KEY ("terminalId") REFERENCES "Terminal" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Product" ADD CONSTRAINT "Product_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Product" ADD CONSTRAINT "Product_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Order" ADD CONSTRAINT "Order_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Order" ADD CONSTRAINT "Order_terminalId_fkey" FOREIGN KEY ("terminalId") REFERENCES "Terminal" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "OrderItem" ADD CONSTRAINT "OrderItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Charge" ADD CONSTRAINT "Charge_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ProviderAccount" ADD CONSTRAINT "ProviderAccount_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ProviderConnection" ADD CONSTRAINT "ProviderConnection_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ProviderConnection" ADD CONSTRAINT "ProviderConnection_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "ProviderAccount" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Category" ADD CONSTRAINT "Category_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit log is append-only at the database (SQLite: 20261128000700_admin_security).
-- TRUNCATE is refused too; a statement-level trigger covers it.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

-- A closed day's report never changes, and a row a close took in is never moved to another day (SQLite: 20261128000800_day_close).
CREATE OR REPLACE FUNCTION day_close_final() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a closed day is final' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "DayClose_no_update" BEFORE UPDATE ON "DayClose"
  FOR EACH ROW EXECUTE FUNCTION day_close_final();
CREATE TRIGGER "DayClose_no_delete" BEFORE DELETE ON "DayClose"
  FOR EACH ROW EXECUTE FUNCTION day_close_final();
CREATE TRIGGER "DayClose_no_truncate" BEFORE TRUNCATE ON "DayClose"
  FOR EACH STATEMENT EXECUTE FUNCTION day_close_final();

CREATE TRIGGER "Order_closeDay_final" BEFORE UPDATE OF "closeDay" ON "Order"
  FOR EACH ROW WHEN (OLD."closeDay" IS NOT NULL AND NEW."closeDay" IS DISTINCT FROM OLD."closeDay") EXECUTE FUNCTION day_close_final();
CREATE TRIGGER "Payment_closeDay_final" BEFORE UPDATE OF "closeDay" ON "Payment"
  FOR EACH ROW WHEN (OLD."closeDay" IS NOT NULL AND NEW."closeDay" IS DISTINCT FROM OLD."closeDay") EXECUTE FUNCTION day_close_final();
CREATE TRIGGER "Refund_closeDay_final" BEFORE UPDATE OF "closeDay" ON "Refund"
  FOR EACH ROW WHEN (OLD."closeDay" IS NOT NULL AND NEW."closeDay" IS DISTINCT FROM OLD."closeDay") EXECUTE FUNCTION day_close_final();
