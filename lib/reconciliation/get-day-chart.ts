import type { Ctx } from "@/lib/context";
import { Prisma } from "@/lib/generated/prisma/client";

const HOUR_MS = 3_600_000;

export type DayChartHour = {
  /** The hour's first instant (the store's wall clock shows it as hh:00). */
  start: string;
  /** Payments the provider took in that hour, and their sum in minor units. */
  payments: number;
  amount: number;
  /** Of those, the payments that opened a discrepancy (any status). */
  mismatches: number;
};

/**
 * The chart of a business day: every hour of [start, end) — 23 or 25 on a
 * day the clocks change — with the payments taken in it and how many of them
 * opened a discrepancy. One read of the day's payments over ("storeId",
 * "paidAt"), each payment's findings looked up by ("paymentId"); bucketed here.
 */
export async function getDayChart(ctx: Ctx, { storeId, start, end }: { storeId: string; start: Date; end: Date }): Promise<DayChartHour[]> {
  const rows = await ctx.db.$queryRaw<{ paidAt: Date | string; amount: number | bigint; findings: number | bigint }[]>(Prisma.sql`
    SELECT p."paidAt" AS "paidAt", p."amount" AS "amount",
      (SELECT COUNT(*) FROM "Discrepancy" d WHERE d."paymentId" = p."id") AS "findings"
    FROM "Payment" p
    WHERE p."storeId" = ${storeId} AND p."paidAt" BETWEEN ${start} AND ${new Date(end.getTime() - 1)}`);
  const hours = Math.max(1, Math.round((end.getTime() - start.getTime()) / HOUR_MS));
  const chart: DayChartHour[] = Array.from({ length: hours }, (_, i) => ({ start: new Date(start.getTime() + i * HOUR_MS).toISOString(), payments: 0, amount: 0, mismatches: 0 }));
  for (const row of rows) {
    const at = row.paidAt instanceof Date ? row.paidAt : new Date(row.paidAt);
    const slot = chart[Math.min(hours - 1, Math.floor((at.getTime() - start.getTime()) / HOUR_MS))];
    if (!slot) continue;
    slot.payments += 1;
    slot.amount += Number(row.amount);
    if (Number(row.findings) > 0) slot.mismatches += 1;
  }
  return chart;
}
