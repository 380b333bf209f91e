import type { Ctx } from "../context";
import { sql } from "../db";

/** Marks a charge as made through the Alipay dialect: its notifications are then Alipay's. */
export function markAlipayCharge(ctx: Ctx, chargeId: string): void {
  sql(ctx.db, `INSERT INTO alipay_charges (charge_id) VALUES (?) ON CONFLICT (charge_id) DO NOTHING`).run(chargeId);
}

export function isAlipayCharge(ctx: Ctx, chargeId: string): boolean {
  return sql(ctx.db, "SELECT 1 FROM alipay_charges WHERE charge_id = ?").get(chargeId) !== undefined;
}

/** The buyer as Alipay names one: a 2088 user id made from the payer. */
export const buyerId = (payer: string) => `2088${payer.replace(/\D/g, "").padStart(12, "0").slice(-12)}`;
