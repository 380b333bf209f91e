/**
 * Resolving discrepancies: every resolution pos-api.md allows per type is
 * accepted and every other one refused (422); a note is required; who and when
 * are recorded with an audit event; `linked` and `accepted` on a late payment
 * change the order by the order rules; `refunded` waits for refunds that cover
 * what had to go back, and resolving never moves money.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorRef } from "@/lib/context";
import { newId } from "@/lib/ids";
import { recordPayment } from "@/lib/payments/record-payment";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";
import { RESOLUTIONS, RESOLUTIONS_BY_TYPE, type Resolution } from "./discrepancy-resolutions";
import { DISCREPANCY_TYPES, type DiscrepancyType } from "./discrepancy-types";
import { resolveDiscrepancy } from "./resolve-discrepancy";
import { line, rand, reconciliationHelpers, statement } from "./statement-test-support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());
const { importText, paidOrder, refundRow, discrepanciesOf } = reconciliationHelpers(() => h);

/** A bare open finding of a type, for the rules that do not touch an order. */
async function finding(type: DiscrepancyType, extra: { orderId?: string; paymentId?: string } = {}) {
  const id = newId("dis");
  await h.ctx.db.discrepancy.create({ data: { id, storeId: h.owner.storeId, type, dedupeKey: `test:${id}`, currency: "CNY", ...extra } });
  return id;
}

const resolve = (discrepancyId: string, resolution: Resolution, more: { note?: string; orderId?: string } = {}) =>
  resolveDiscrepancy(h.ctx, { actor: h.owner, discrepancyId, resolution, note: more.note ?? "checked with the customer", orderId: more.orderId });

describe("resolutions allowed and refused per type", () => {
  const pairs = DISCREPANCY_TYPES.flatMap((type) => RESOLUTIONS.map((resolution) => [type, resolution, RESOLUTIONS_BY_TYPE[type].includes(resolution)] as const));

  it("the table is pos-api.md's", () => {
    expect(RESOLUTIONS_BY_TYPE).toEqual({
      unnotified_payment: ["accepted", "refunded"],
      unsettled_payment: ["accepted", "written_off"],
      underpaid: ["refunded", "accepted", "written_off"],
      overpaid: ["refunded", "accepted"],
      duplicate_payment: ["refunded", "accepted"],
      late_payment: ["accepted", "refunded"],
      unknown_order: ["linked", "refunded", "written_off"],
      amount_mismatch: ["accepted", "written_off"],
      refund_mismatch: ["accepted", "written_off"],
    });
  });

  it.each(pairs.filter(([, , ok]) => !ok))("%s cannot be resolved %s: 422 naming resolution, and it stays open", async (type, resolution) => {
    const id = await finding(type);
    const error = await appErrorOf(resolve(id, resolution, { orderId: resolution === "linked" ? "ord_x" : undefined }));
    expect({ code: error.code, status: error.status, errors: error.errors }).toEqual({ code: "invalid_request", status: 422, errors: [{ path: "resolution", message: `not allowed for ${type}` }] });
    expect(await h.ctx.db.discrepancy.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "open", resolution: null });
  });

  it.each(pairs.filter(([, r, ok]) => ok && r !== "refunded" && r !== "linked"))("%s can be resolved %s: who, when and the note are recorded, with an audit event", async (type, resolution) => {
    const id = await finding(type);
    const before = new Date();
    const d = await resolve(id, resolution, { note: "  seen on the bank statement  " });
    expect(d).toMatchObject({ status: "resolved", resolution, resolvedBy: actorRef(h.owner), note: "seen on the bank statement" });
    expect(d.resolvedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const audit = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { entityType: "discrepancy", entityId: id, action: "discrepancy.resolved" } });
    expect(audit.actor).toBe(actorRef(h.owner));
    expect(JSON.parse(audit.data!)).toMatchObject({ type, resolution, note: "seen on the bank statement" });
  });
});

describe("what every resolution needs", () => {
  it("a blank note is refused, a resolved one cannot be resolved again (409), another store's is 404", async () => {
    const id = await finding("amount_mismatch");
    expect((await appErrorOf(resolve(id, "accepted", { note: "   " }))).errors).toEqual([{ path: "note", message: "required" }]);
    await resolve(id, "accepted");
    expect((await appErrorOf(resolve(id, "written_off"))).status).toBe(409);
    const other = newId("dis");
    await h.ctx.db.discrepancy.create({ data: { id: other, storeId: "sto_someone_else", type: "amount_mismatch", dedupeKey: `test:${other}`, currency: "CNY" } });
    expect((await appErrorOf(resolve(other, "accepted"))).status).toBe(404);
  });

  it("order_id goes with linked only, and linked needs it", async () => {
    const id = await finding("unknown_order");
    expect((await appErrorOf(resolve(id, "written_off", { orderId: "ord_x" }))).errors).toEqual([{ path: "order_id", message: "only with resolution linked" }]);
    expect((await appErrorOf(resolve(id, "linked"))).errors).toEqual([{ path: "order_id", message: "required when resolution is linked" }]);
  });
});

describe("resolutions that change an order", () => {
  it("linked: an unknown_order payment from a statement moves onto the order, which becomes paid by the order rules", async () => {
    const { orderId, order } = await h.newOrder(1500);
    const movement = { time: "2026-02-01T03:00:00Z", chargeId: rand("ch"), merchantRef: "TYPEDWRONG000000000000000", paymentId: rand("pay"), amount: 1500 };
    await importText(statement("2026-02-01", [line(movement)]));
    const payment = await h.ctx.db.payment.findFirstOrThrow({ where: { providerPaymentId: movement.paymentId } });
    const unknown = (await discrepanciesOf({ paymentId: payment.id })).find((d) => d.type === "unknown_order")!;
    const d = await resolve(unknown.id, "linked", { orderId });
    expect(d).toMatchObject({ status: "resolved", resolution: "linked", orderId });
    expect(await h.ctx.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ orderId, late: false });
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "paid", amountReceived: 1500, paidAt: new Date(movement.time) });
    expect(order.status).toBe("open");
    // Linking never moved money: no refund, no new payment.
    expect(await h.ctx.db.payment.count({ where: { providerPaymentId: movement.paymentId } })).toBe(1);
    expect(await h.ctx.db.refund.count({ where: { paymentId: payment.id } })).toBe(0);
  });

  it("linked to an order of another store is 404, and the payment stays unlinked", async () => {
    const movement = { time: "2026-02-02T03:00:00Z", chargeId: rand("ch"), merchantRef: "TYPEDWRONG000000000000001", paymentId: rand("pay"), amount: 700 };
    await importText(statement("2026-02-02", [line(movement)]));
    const payment = await h.ctx.db.payment.findFirstOrThrow({ where: { providerPaymentId: movement.paymentId } });
    const unknown = (await discrepanciesOf({ paymentId: payment.id })).find((d) => d.type === "unknown_order")!;
    expect((await appErrorOf(resolve(unknown.id, "linked", { orderId: "ord_not_here" }))).status).toBe(404);
    expect(await h.ctx.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ orderId: null });
  });

  it("accepted on a late_payment makes the expired order paid", async () => {
    const { orderId, order } = await h.newOrder(1200);
    await h.ctx.db.order.update({ where: { id: orderId }, data: { status: "expired", endedAt: new Date() } });
    const paidAt = new Date(order.expiresAt.getTime() + 60_000);
    const payment = { providerPaymentId: rand("pay"), providerChargeId: order.charge!.providerChargeId!, merchantRef: order.providerRef, amount: 1200, currency: "CNY", payer: null, paidAt };
    const account = await h.ctx.db.providerAccount.findFirstOrThrow();
    await h.ctx.db.$transaction((tx) => recordPayment(tx, { account, payment, source: "notification", at: new Date() }));
    const [d] = await discrepanciesOf({ orderId });
    expect(d).toMatchObject({ type: "late_payment" });
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "expired" });
    await resolve(d!.id, "accepted");
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "paid", paidAt });
  });
});

describe("refunded only when refunds cover what had to go back", () => {
  it("duplicate_payment: refused while no refund covers the excess, a pending refund does not count, a succeeded one does", async () => {
    const p = await paidOrder(900, "2026-02-04T01:00:00Z");
    const second = { ...p.movement, paymentId: rand("pay"), time: "2026-02-04T01:00:20Z" };
    await importText(statement("2026-02-04", [line(p.movement), line(second)]));
    const duplicate = (await discrepanciesOf({ orderId: p.orderId })).find((d) => d.type === "duplicate_payment")!;
    const error = await appErrorOf(resolve(duplicate.id, "refunded"));
    expect({ code: error.code, status: error.status }).toEqual({ code: "conflict", status: 409 });
    await refundRow({ orderId: p.orderId, paymentId: duplicate.paymentId! }, 900, "2026-02-04T02:00:00Z", "pending");
    expect((await appErrorOf(resolve(duplicate.id, "refunded"))).status).toBe(409);
    await refundRow({ orderId: p.orderId, paymentId: duplicate.paymentId! }, 900, "2026-02-04T02:10:00Z");
    expect(await resolve(duplicate.id, "refunded")).toMatchObject({ status: "resolved", resolution: "refunded" });
  });

  it("unnotified_payment: refunded needs refunds of that whole payment", async () => {
    const p = await paidOrder(1000, "2026-02-05T01:00:00Z", { record: false });
    await importText(statement("2026-02-05", [line(p.movement)]));
    const unnotified = (await discrepanciesOf({ orderId: p.orderId })).find((d) => d.type === "unnotified_payment")!;
    await refundRow({ orderId: p.orderId, paymentId: unnotified.paymentId! }, 600, "2026-02-05T02:00:00Z");
    expect((await appErrorOf(resolve(unnotified.id, "refunded"))).message).toContain("Refunds cover 600 of the 1000");
    await refundRow({ orderId: p.orderId, paymentId: unnotified.paymentId! }, 400, "2026-02-05T02:10:00Z");
    expect(await resolve(unnotified.id, "refunded")).toMatchObject({ resolution: "refunded" });
  });
});
