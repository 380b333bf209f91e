import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { businessDayRange, isCalendarDay } from "@/lib/stores/business-day";

export type AuditListFilter = {
  storeId: string;
  timeZone: string;
  action?: string;
  actor?: string;
  /** Business days (YYYY-MM-DD, the store's zone), inclusive. */
  from?: string;
  to?: string;
};

export type AuditRow = {
  id: string;
  createdAt: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  terminalId: string | null;
  data: string | null;
};

type Position = { createdAt: Date; id: string };

/**
 * A store's audit log, newest first by ("createdAt", "id"), keyset-paged. Each
 * filter seeks an index that ends in the list's order: ("storeId", "createdAt",
 * "id"), ("storeId", "action", "createdAt", "id"), ("storeId", "actor",
 * "createdAt", "id"); a time range is a range of the same index, so a page is
 * one index range read, never a sort (lib/db/list-query-plans.test.ts). Plain
 * SQL with a row-value comparison, valid on PostgreSQL too.
 */
export async function listAuditEvents(ctx: Ctx, input: AuditListFilter & { limit: number; cursor?: string }): Promise<{ data: AuditRow[]; nextCursor: string | null }> {
  const after = input.cursor === undefined ? undefined : decodeAuditCursor(input.cursor);
  const where = auditWhere(input);
  if (after) where.push(Prisma.sql`("createdAt", "id") < (${after.createdAt}, ${after.id})`);
  const rows = await ctx.db.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT "id" FROM "AuditEvent" WHERE ${Prisma.join(where, " AND ")} ORDER BY "createdAt" DESC, "id" DESC LIMIT ${input.limit + 1}`,
  );
  const ids = rows.slice(0, input.limit).map((r) => r.id);
  const found = ids.length === 0 ? [] : await ctx.db.auditEvent.findMany({ where: { id: { in: ids } } });
  const byId = new Map(found.map((row) => [row.id, row]));
  const data = ids.map((id) => byId.get(id)).filter((row): row is NonNullable<typeof row> => row !== undefined);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > input.limit && last ? encodeAuditCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

function auditWhere(filter: AuditListFilter): Prisma.Sql[] {
  const where = [Prisma.sql`"storeId" = ${filter.storeId}`];
  if (filter.action) where.push(Prisma.sql`"action" = ${filter.action}`);
  if (filter.actor) where.push(Prisma.sql`"actor" = ${filter.actor}`);
  if (filter.from && !isCalendarDay(filter.from)) throw new AppError("invalid_request", "from is not a calendar day");
  if (filter.to && !isCalendarDay(filter.to)) throw new AppError("invalid_request", "to is not a calendar day");
  const start = filter.from ? businessDayRange(filter.from, filter.timeZone).start : undefined;
  const end = filter.to ? businessDayRange(filter.to, filter.timeZone).end : undefined;
  // Both bounds as one BETWEEN: with two separate comparisons next to the cursor's row value,
  // SQLite seeks on "storeId" alone and sorts (as lib/orders/order-filter.ts found for days).
  if (start && end) where.push(Prisma.sql`"createdAt" BETWEEN ${start} AND ${new Date(end.getTime() - 1)}`);
  else if (start) where.push(Prisma.sql`"createdAt" >= ${start}`);
  else if (end) where.push(Prisma.sql`"createdAt" < ${end}`);
  return where;
}

/** Opaque: base64url of "<createdAt ISO>|<audit id>". */
function encodeAuditCursor(position: Position): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString("base64url");
}

function decodeAuditCursor(cursor: string): Position {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(aud_[0-9A-Za-z]{1,40})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const createdAt = match ? new Date(match[1]!) : undefined;
  if (!match || !createdAt || Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== match[1]) {
    throw new AppError("invalid_request", "cursor is not one Till gave out", { errors: [{ path: "cursor", message: "invalid" }] });
  }
  return { createdAt, id: match[2]! };
}
