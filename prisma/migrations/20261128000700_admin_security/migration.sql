-- The owner's back office, locked down (issue 12).

-- Owner pages ask for the PIN again after a quiet spell: when an owner page or
-- action last used this session.
ALTER TABLE "Session" ADD COLUMN "ownerSeenAt" DATETIME;

-- Webhook secret rotation: the secret being retired keeps verifying until the
-- rotation is finished, so that no notification is refused meanwhile.
ALTER TABLE "ProviderAccount" ADD COLUMN "previousWebhookSecret" TEXT;
ALTER TABLE "ProviderAccount" ADD COLUMN "secretRotatedAt" DATETIME;
-- Once the owner edits the connection on the page, start-up stops copying env onto it.
ALTER TABLE "ProviderAccount" ADD COLUMN "editedAt" DATETIME;

-- The audit log: from which terminal, and paged newest first by
-- ("createdAt", "id") within a store, per action and per actor.
ALTER TABLE "AuditEvent" ADD COLUMN "terminalId" TEXT;
DROP INDEX "AuditEvent_storeId_createdAt_idx";
CREATE INDEX "AuditEvent_storeId_createdAt_id_idx" ON "AuditEvent"("storeId", "createdAt", "id");
CREATE INDEX "AuditEvent_storeId_action_createdAt_id_idx" ON "AuditEvent"("storeId", "action", "createdAt", "id");
CREATE INDEX "AuditEvent_storeId_actor_createdAt_id_idx" ON "AuditEvent"("storeId", "actor", "createdAt", "id");

-- Append-only at the database: no code path, and no mistaken script, can
-- rewrite or remove what happened. (PostgreSQL: prisma/postgres/audit-append-only.sql.)
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent"
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The notification inbox, newest first by provider, and by outcome or type.
CREATE INDEX "WebhookDelivery_provider_receivedAt_id_accountId_idx" ON "WebhookDelivery"("provider", "receivedAt", "id", "accountId");
CREATE INDEX "WebhookDelivery_provider_outcome_receivedAt_id_accountId_idx" ON "WebhookDelivery"("provider", "outcome", "receivedAt", "id", "accountId");
CREATE INDEX "WebhookDelivery_provider_eventType_receivedAt_id_accountId_idx" ON "WebhookDelivery"("provider", "eventType", "receivedAt", "id", "accountId");
