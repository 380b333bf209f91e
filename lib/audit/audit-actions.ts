/**
 * Every action the audit log records: the one list `recordAudit` is typed
 * against (so an action cannot be recorded without being listed here) and the
 * audit log's filter offers. Grouped as the back office shows them.
 */
export const AUDIT_ACTIONS = [
  // Sign-in, sessions and access
  "staff.signed_in",
  "staff.sign_in_failed",
  "staff.locked",
  "staff.unlocked",
  "session.revoked",
  "access.denied",
  // Staff
  "staff.added",
  "staff.changed",
  "staff.pin_reset",
  // Orders and payments
  "order.created",
  "order.cancelled",
  "order.expired",
  "order.status_changed",
  "payment.recorded",
  "payment.linked",
  // Refunds
  "refund.requested",
  "refund.approved",
  "refund.pending",
  "refund.succeeded",
  "refund.failed",
  "refund.unknown",
  "refund.released",
  // Reconciliation
  "statement.imported",
  "discrepancy.opened",
  "discrepancy.resolved",
  "day.closed",
  // Settings and catalogue
  "store.settings_changed",
  "store.created",
  "store.chosen",
  "category.added",
  "category.changed",
  "product.added",
  "product.changed",
  // Terminals, keys and the provider
  "terminal.added",
  "api_key.created",
  "api_key.revoked",
  "provider.updated",
  "provider.rotation_started",
  "provider.rotation_finished",
  "provider.credentials_saved",
  "provider.default_changed",
  "notification.replayed",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(text: string): text is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(text);
}
