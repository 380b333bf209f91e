import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { businessDayRange, isCalendarDay } from "@/lib/stores/business-day";
import { storeAccounts } from "./store-accounts";

export { DELIVERY_OUTCOMES, DELIVERY_TYPES } from "./delivery-kinds";

export type DeliveryFilter = {
  storeId: string;
  timeZone: string;
  /** The provider kind; the store's first when not given. */
  provider?: string;
  outcome?: string;
  type?: string;
  /** Business days (YYYY-MM-DD, the store's zone), inclusive. */
  from?: string;
  to?: string;
};

/** A delivery as the inbox lists it: no body (the detail page shows it). */
export type DeliveryRow = {
  id: string;
  receivedAt: Date;
  lastSeenAt: Date;
  eventId: string | null;
  eventType: string | null;
  verified: boolean;
  rejectReason: string | null;
  outcome: string;
  duplicateCount: number;
  paymentRef: string | null;
  accountId: string | null;
};

/**
 * The store's notification inbox, newest first by ("receivedAt", "id"),
 * keyset-paged. Deliveries belong to a provider account, and a rejected one to
 * none (it proved nothing): the list is the store's accounts' deliveries and
 * the rejected attempts at their provider's address. Each filter seeks an index
 * ending in the list's order: ("provider", "receivedAt", "id", "accountId"),
 * ("provider", "outcome", …), ("provider", "eventType", …), whose last column
 * lets the store's accounts be checked inside the index.
 */
export async function listDeliveries(ctx: Ctx, input: DeliveryFilter & { limit: number; cursor?: string }): Promise<{ data: DeliveryRow[]; nextCursor: string | null; provider: string | null }> {
  const { ids, kinds } = await storeAccounts(ctx.db, input.storeId);
  const provider = input.provider && kinds.includes(input.provider) ? input.provider : kinds[0];
  if (!provider || ids.length === 0) return { data: [], nextCursor: null, provider: null };
  const where = [Prisma.sql`"provider" = ${provider}`];
  if (input.outcome) where.push(Prisma.sql`"outcome" = ${input.outcome}`);
  if (input.type) where.push(Prisma.sql`"eventType" = ${input.type}`);
  if (input.from && !isCalendarDay(input.from)) throw new AppError("invalid_request", "from is not a calendar day");
  if (input.to && !isCalendarDay(input.to)) throw new AppError("invalid_request", "to is not a calendar day");
  const start = input.from ? businessDayRange(input.from, input.timeZone).start : undefined;
  const end = input.to ? businessDayRange(input.to, input.timeZone).end : undefined;
  if (start && end) where.push(Prisma.sql`"receivedAt" BETWEEN ${start} AND ${new Date(end.getTime() - 1)}`);
  else if (start) where.push(Prisma.sql`"receivedAt" >= ${start}`);
  else if (end) where.push(Prisma.sql`"receivedAt" < ${end}`);
  where.push(Prisma.sql`("accountId" IN (${Prisma.join(ids)}) OR "accountId" IS NULL)`);
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  if (after) where.push(Prisma.sql`("receivedAt", "id") < (${after.receivedAt}, ${after.id})`);
  const rows = await ctx.db.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT "id" FROM "WebhookDelivery" WHERE ${Prisma.join(where, " AND ")} ORDER BY "receivedAt" DESC, "id" DESC LIMIT ${input.limit + 1}`,
  );
  const pageIds = rows.slice(0, input.limit).map((r) => r.id);
  const found =
    pageIds.length === 0
      ? []
      : await ctx.db.webhookDelivery.findMany({
          where: { id: { in: pageIds } },
          select: { id: true, receivedAt: true, lastSeenAt: true, eventId: true, eventType: true, verified: true, rejectReason: true, outcome: true, duplicateCount: true, paymentRef: true, accountId: true },
        });
  const byId = new Map(found.map((row) => [row.id, row]));
  const data = pageIds.map((id) => byId.get(id)).filter((row): row is DeliveryRow => row !== undefined);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > input.limit && last ? encodeCursor(last.receivedAt, last.id) : null, provider };
}

function encodeCursor(receivedAt: Date, id: string): string {
  return Buffer.from(`${receivedAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(whd_[0-9A-Za-z]{1,40})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const receivedAt = match ? new Date(match[1]!) : undefined;
  if (!match || !receivedAt || Number.isNaN(receivedAt.getTime()) || receivedAt.toISOString() !== match[1]) {
    throw new AppError("invalid_request", "cursor is not one Till gave out", { errors: [{ path: "cursor", message: "invalid" }] });
  }
  return { receivedAt, id: match[2]! };
}
