import type { Db } from "@/lib/db/client";
import type { AuditRow } from "./list-audit-events";

/** An audit row as the back office shows and exports it: who by name, from which terminal. */
export type AuditView = {
  id: string;
  at: string;
  actor: string;
  actorKind: "staff" | "api_key" | "provider" | "system";
  actorName: string | null;
  terminal: string | null;
  action: string;
  entityType: string;
  entityId: string;
  /** The recorded details (JSON, secrets already left out when written). */
  details: string | null;
};

/** Names the actors and terminals of a page of audit rows (three look-ups by primary key, whatever the page size). */
export async function auditViews(db: Db, rows: AuditRow[]): Promise<AuditView[]> {
  const ids = (kind: string) => [...new Set(rows.flatMap((r) => (r.actor.startsWith(`${kind}:`) ? [r.actor.slice(kind.length + 1)] : [])))];
  const staffIds = ids("staff");
  const keyIds = ids("api_key");
  const terminalIds = [...new Set(rows.flatMap((r) => (r.terminalId ? [r.terminalId] : [])))];
  const [staff, keys, terminals] = await Promise.all([
    staffIds.length ? db.staff.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } }) : [],
    keyIds.length ? db.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, name: true } }) : [],
    terminalIds.length ? db.terminal.findMany({ where: { id: { in: terminalIds } }, select: { id: true, code: true, name: true } }) : [],
  ]);
  const names = new Map<string, string>([...staff.map((s) => [`staff:${s.id}`, s.name] as const), ...keys.map((k) => [`api_key:${k.id}`, k.name] as const)]);
  const terminalNames = new Map(terminals.map((t) => [t.id, `${t.code} · ${t.name}`]));
  return rows.map((r) => {
    const kind = r.actor.split(":")[0];
    return {
      id: r.id,
      at: r.createdAt.toISOString(),
      actor: r.actor,
      actorKind: kind === "staff" || kind === "api_key" || kind === "provider" ? kind : "system",
      actorName: names.get(r.actor) ?? null,
      terminal: r.terminalId ? (terminalNames.get(r.terminalId) ?? r.terminalId) : null,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      details: r.data,
    };
  });
}
