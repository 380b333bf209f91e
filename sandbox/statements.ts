import type { Ctx } from "./context";
import { sql } from "./db";
import { ApiError } from "./errors";
import type { ApiRequest, ApiResponse } from "./http";
import { paymentFee } from "./money";
import { DAY_MS, rfc3339 } from "./time";

export interface Movement {
  at: number;
  type: "PAYMENT" | "REFUND";
  charge_id: string;
  merchant_ref: string;
  payment_id: string;
  refund_id: string;
  amount: number;
  currency: string;
}

const HEADER = "time,type,charge_id,merchant_ref,payment_id,refund_id,amount,fee,net,currency";

/** `YYYY-MM-DD` → start of that UTC day, or null for anything that is not a real day. */
function parseDay(text: string | null): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? "");
  if (!m) return null;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over into March; a real day survives the round trip.
  return new Date(start).toISOString().slice(0, 10) === text ? start : null;
}

export function movements(ctx: Ctx, from: number, to: number): Movement[] {
  const payments = sql(
    ctx.db,
    `SELECT p.paid_at AS at, 'PAYMENT' AS type, c.id AS charge_id, c.merchant_ref, p.id AS payment_id,
            '' AS refund_id, p.amount, p.currency
       FROM payments p JOIN charges c ON c.id = p.charge_id
      WHERE p.paid_at >= ? AND p.paid_at < ?`,
  ).all(from, to) as Movement[];
  // Only succeeded refunds move money; a failed one is never booked.
  const refunds = sql(
    ctx.db,
    `SELECT r.settled_at AS at, 'REFUND' AS type, c.id AS charge_id, c.merchant_ref, p.id AS payment_id,
            r.id AS refund_id, r.amount, r.currency
       FROM refunds r JOIN payments p ON p.id = r.payment_id JOIN charges c ON c.id = p.charge_id
      WHERE r.status = 'succeeded' AND r.settled_at >= ? AND r.settled_at < ?`,
  ).all(from, to) as Movement[];
  // Ordered by time; ties broken by type then id so the file is reproducible.
  return [...payments, ...refunds].sort(
    (a, b) => a.at - b.at || a.type.localeCompare(b.type) || (a.refund_id || a.payment_id).localeCompare(b.refund_id || b.payment_id),
  );
}

function line(m: Movement): string {
  const fee = m.type === "PAYMENT" ? paymentFee(m.amount) : 0;
  const net = m.type === "PAYMENT" ? m.amount - fee : -m.amount;
  return [rfc3339(m.at), m.type, m.charge_id, m.merchant_ref, m.payment_id, m.refund_id, m.amount, fee, net, m.currency].join(",");
}

/** The day's statement; today's is partial, cut at the whole second it was made. */
export function statementCsv(ctx: Ctx, day: string | null): string {
  const from = parseDay(day);
  if (from === null) throw new ApiError(422, "invalid_request", "date: must be a real day written YYYY-MM-DD");
  const now = ctx.now();
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  if (from > today) throw new ApiError(422, "invalid_request", `date: ${day} is in the future (UTC)`);
  const to = from === today ? Math.floor(now / 1000) * 1000 : from + DAY_MS;
  const lines = [`# period: ${rfc3339(from)}/${rfc3339(to)}`, HEADER, ...movements(ctx, from, to).map(line)];
  return lines.map((l) => `${l}\n`).join("");
}

export function getStatement(ctx: Ctx, req: ApiRequest): ApiResponse {
  return { status: 200, contentType: "text/csv; charset=utf-8", body: statementCsv(ctx, req.query.get("date")) };
}
