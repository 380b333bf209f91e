import type { SqlTx } from "@/lib/db/sql-tx";
import { newId } from "@/lib/ids";
import type { AuditAction } from "./audit-actions";

export type AuditEntry = {
  storeId: string | null;
  /** "staff:<id>", "api_key:<id>", "provider:<account>" or "system". */
  actor: string;
  /** One of AUDIT_ACTIONS: a new action is listed there first. */
  action: AuditAction;
  entityType:
    | "order"
    | "payment"
    | "refund"
    | "discrepancy"
    | "staff"
    | "api_key"
    | "statement"
    | "store"
    | "terminal"
    | "provider_account"
    | "webhook_delivery"
    | "product"
    | "category"
    | "session"
    | "day_close";
  entityId: string;
  /** The terminal the actor used, when there was one. */
  terminalId?: string | null;
  data?: Record<string, unknown>;
};

/** Field names whose values are never written to the audit log, however a caller builds `data`. */
const SECRET_FIELD = /pin(hash)?$|secret|password|token|api_?key|^key$|keyhash|authorization/i;

/** `data` with every secret-looking field replaced, at any depth. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) ? "[redacted]" : withoutSecrets(v)]));
  }
  return value;
}

/**
 * Appends an audit event inside the caller's transaction, so that it exists
 * exactly when the change does. The table is append-only (database triggers
 * refuse UPDATE and DELETE), and no PIN, key or secret is ever written to it.
 */
export async function recordAudit(tx: SqlTx, entry: AuditEntry, at: Date): Promise<void> {
  // Plain SQL: every money change writes one or two of these inside its transaction, and Prisma's
  // client costs about twice a raw statement's time per write.
  const data = entry.data ? JSON.stringify(withoutSecrets(entry.data)) : null;
  await tx.$executeRaw`
    INSERT INTO "AuditEvent" ("id", "storeId", "actor", "action", "entityType", "entityId", "terminalId", "data", "createdAt")
    VALUES (${newId("aud")}, ${entry.storeId}, ${entry.actor}, ${entry.action}, ${entry.entityType}, ${entry.entityId}, ${entry.terminalId ?? null}, ${data}, ${at})`;
}
