import type { Ctx } from "@/lib/context";
import { businessDayOf, isCalendarDay, nextDay, previousDay } from "@/lib/stores/business-day";
import { getChainSummary } from "./get-chain-summary";

const FIGURES = ["expected", "received", "settled", "refunded", "fees", "net"] as const;
export type ChainFigure = (typeof FIGURES)[number];

export type ChainStoreDay = {
  id: string;
  name: string;
  currency: string;
  figures: Record<ChainFigure, number>;
  /** Discrepancies detected that day and still open, by type, and their count. */
  openDiscrepancies: Record<string, number>;
  openCount: number;
};

export type ChainDay = {
  day: string;
  today: string;
  previous: string;
  next: string | null;
  stores: ChainStoreDay[];
  /** The chain's sums, per currency (one entry when every store takes the same one). */
  totals: { currency: string; figures: Record<ChainFigure, number>; openCount: number }[];
};

/**
 * The chain owner's page of every store side by side for one business day
 * (today in the chain owner's home store unless a real day is given): each
 * store's figures are exactly its own reconciliation summary, in its own time
 * zone, and the chain's totals are their sums per currency.
 */
export async function getChainDay(ctx: Ctx, { homeStoreId, day: asked }: { homeStoreId: string; day?: string }): Promise<ChainDay> {
  const home = await ctx.db.store.findUniqueOrThrow({ where: { id: homeStoreId }, select: { timeZone: true } });
  const today = businessDayOf(ctx.now(), home.timeZone);
  const day = asked && isCalendarDay(asked) ? asked : today;
  const { stores } = await getChainSummary(ctx, { date: day });
  const rows: ChainStoreDay[] = stores.map((store) => {
    const open = store.summary.openDiscrepancies;
    return {
      id: store.id,
      name: store.name,
      currency: store.summary.currency,
      figures: Object.fromEntries(FIGURES.map((f) => [f, store.summary[f]])) as Record<ChainFigure, number>,
      openDiscrepancies: open,
      openCount: Object.values(open).reduce((a, b) => a + b, 0),
    };
  });
  const totals = new Map<string, ChainDay["totals"][number]>();
  for (const row of rows) {
    const total = totals.get(row.currency) ?? { currency: row.currency, figures: Object.fromEntries(FIGURES.map((f) => [f, 0])) as Record<ChainFigure, number>, openCount: 0 };
    for (const f of FIGURES) total.figures[f] += row.figures[f];
    total.openCount += row.openCount;
    totals.set(row.currency, total);
  }
  return { day, today, previous: previousDay(day), next: day < today ? nextDay(day) : null, stores: rows, totals: [...totals.values()] };
}
