import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { Prisma, type Discrepancy } from "@/lib/generated/prisma/client";

export type ListDayDiscrepanciesInput = { storeId: string; start: Date; end: Date; status?: string; type?: string; limit: number; cursor?: string };

/** Where the next page starts: just below this finding in the list's order. */
type Position = { detectedAt: Date; id: string };

/**
 * The discrepancies detected in a span of time (a business day), newest
 * first by ("detectedAt", "id"), keyset-paged like the orders list: each
 * filter combination is one range read of ("storeId", "detectedAt", "id"),
 * ("storeId", "status", "detectedAt", "id"), ("storeId", "type", "detectedAt",
 * "id") or ("storeId", "type", "status", "detectedAt", "id"), already in the
 * list's order. Plain SQL with quoted identifiers (SQLite and PostgreSQL):
 * the row-value comparison that makes the keyset an index range has no Prisma
 * equivalent.
 */
export async function listDayDiscrepancies(ctx: Ctx, input: ListDayDiscrepanciesInput): Promise<{ data: Discrepancy[]; nextCursor: string | null }> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  const where = [Prisma.sql`"storeId" = ${input.storeId}`];
  if (input.type !== undefined) where.push(Prisma.sql`"type" = ${input.type}`);
  if (input.status !== undefined) where.push(Prisma.sql`"status" = ${input.status}`);
  // On a later page the keyset is the upper bound (it lies inside the span): one range, which SQLite seeks on directly.
  if (after) where.push(Prisma.sql`"detectedAt" >= ${input.start}`, Prisma.sql`("detectedAt", "id") < (${after.detectedAt}, ${after.id})`);
  else where.push(Prisma.sql`"detectedAt" BETWEEN ${input.start} AND ${new Date(input.end.getTime() - 1)}`);
  const page = await ctx.db.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT "id" FROM "Discrepancy" WHERE ${Prisma.join(where, " AND ")} ORDER BY "detectedAt" DESC, "id" DESC LIMIT ${input.limit + 1}`,
  );
  const ids = page.slice(0, input.limit).map((row) => row.id);
  const rows = ids.length === 0 ? [] : await ctx.db.discrepancy.findMany({ where: { id: { in: ids } } });
  const byId = new Map(rows.map((d) => [d.id, d]));
  const data = ids.map((id) => byId.get(id)).filter((d): d is Discrepancy => d !== undefined);
  const last = data.at(-1);
  return { data, nextCursor: page.length > input.limit && last ? Buffer.from(`${last.detectedAt.toISOString()}|${last.id}`).toString("base64url") : null };
}

function decodeCursor(cursor: string): Position {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(dis_[0-9A-Z]{26})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const detectedAt = match ? new Date(match[1]!) : undefined;
  if (!match || !detectedAt || Number.isNaN(detectedAt.getTime()) || detectedAt.toISOString() !== match[1]) {
    throw new AppError("invalid_request", "cursor is not one this page gave out", { errors: [{ path: "cursor", message: "invalid" }] });
  }
  return { detectedAt, id: match[2]! };
}
