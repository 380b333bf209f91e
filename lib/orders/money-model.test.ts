/**
 * Model-based (fast-check commands) over what can happen to money: pay (normal,
 * duplicated, delayed or lost delivery), re-delivering a charge's events newest
 * first (duplicate and reorder), refund, a refund that fails, "the customer
 * says they paid" (check), the sweepers, importing today's statement, and a
 * restart (a new database connection). After every step, once Sandbox Pay has
 * delivered what it will: per payment Σ(pending + succeeded refunds) ≤ its
 * amount; every provider payment and refund recorded once; each order's
 * amounts the sums of its rows and its status what they say; an audit event
 * for every payment and every refund. MODEL_SEED / MODEL_RUNS override the
 * short seeded run.
 */
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { receiveNotification } from "@/lib/notifications/receive-notification";
import { defaultConnection } from "@/lib/providers/default-connection";
import { importStatement } from "@/lib/reconciliation/import-statement";
import { HOLDING_STATUSES, WAITING_STATUSES } from "@/lib/refunds/refund-rules";
import { requestRefund } from "@/lib/refunds/request-refund";
import { sweepRefunds } from "@/lib/refunds/sweep-refunds";
import { eventually, startHarness, TEST_WEBHOOK_SECRET, type Harness } from "@/test/harness";
import { checkOrder } from "./check-order";
import { settledStatus } from "./order-status";
import { sweepOrders } from "./sweep-orders";

const SEED = Number(process.env.MODEL_SEED ?? 4242);
const RUNS = Number(process.env.MODEL_RUNS ?? 4);
const EXPECTED_REFUSALS = new Set(["amount_exceeds_refundable", "provider_unavailable", "conflict", "invalid_request", "not_found"]);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

type Model = { orders: { orderId: string; chargeId: string }[]; clock: number; keys: number };
type Real = { h: Harness };

/** Lets Sandbox Pay finish delivering the run's events: each delivered, dropped or failed. */
async function settle(model: Model): Promise<void> {
  for (const { chargeId } of model.orders) {
    await eventually(async () => (await h.eventsOf(chargeId)).every((e) => e.state !== "pending"), 15_000);
  }
}

async function checkInvariants(model: Model): Promise<void> {
  await settle(model);
  const sum = (rows: { amount: number }[]) => rows.reduce((s, r) => s + r.amount, 0);
  for (const { orderId } of model.orders) {
    const { order, payments, refunds, audits } = await h.ctx.db.$transaction(async (tx) => {
      const p = await tx.payment.findMany({ where: { orderId } });
      const r = await tx.refund.findMany({ where: { orderId } });
      const ids = [...p.map((x) => x.id), ...r.map((x) => x.id)];
      return { order: await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { store: true } }), payments: p, refunds: r, audits: await tx.auditEvent.findMany({ where: { entityId: { in: ids } } }) };
    });
    for (const p of payments) {
      const held = sum(refunds.filter((r) => r.paymentId === p.id && (HOLDING_STATUSES as readonly string[]).includes(r.status)));
      expect(held, `payment ${p.id}: pending + succeeded ≤ received`).toBeLessThanOrEqual(p.amount);
      expect(audits.some((a) => a.entityId === p.id && a.action === "payment.recorded"), `payment ${p.id} has its audit event`).toBe(true);
    }
    for (const r of refunds) expect(audits.some((a) => a.entityId === r.id), `refund ${r.id} has an audit event`).toBe(true);
    const received = sum(payments);
    const refunded = sum(refunds.filter((r) => r.status === "succeeded"));
    expect(order.amountReceived).toBe(received);
    expect(order.amountRefunded).toBe(refunded);
    expect(order.amountRefunding).toBe(sum(refunds.filter((r) => (WAITING_STATUSES as readonly string[]).includes(r.status))));
    if (received > 0 && order.status !== "expired" && order.status !== "cancelled") {
      expect(order.status, `order ${orderId}`).toBe(settledStatus({ amount: order.amount, received, refunded, tolerance: order.store.amountTolerance }));
    }
    const providerPayments = payments.map((p) => p.providerPaymentId);
    expect(new Set(providerPayments).size, "each provider payment recorded once").toBe(providerPayments.length);
    const providerRefunds = refunds.map((r) => r.providerRefundId).filter((id): id is string => id !== null);
    expect(new Set(providerRefunds).size, "each provider refund recorded once").toBe(providerRefunds.length);
  }
}

/** How many times each command ran: the property must have exercised every one. */
const ran = new Map<string, number>();
const count = (name: string) => ran.set(name, (ran.get(name) ?? 0) + 1);

const pick = (model: Model, i: number) => model.orders[i % model.orders.length]!;
const later = (model: Model) => {
  model.clock += 1;
  return { ...h.ctx, now: () => new Date(Date.now() + 3_600_000 + model.clock * 60_000) };
};

class Pay implements fc.AsyncCommand<Model, Real> {
  constructor(readonly amount: number, readonly delivery: string) {}
  check = () => true;
  async run(model: Model) {
    count("pay");
    const { orderId, chargeId } = await h.newOrder(this.amount, 3600);
    model.orders.push({ orderId, chargeId });
    await h.pay(chargeId, { delivery: this.delivery });
    await checkInvariants(model);
  }
  toString = () => `pay(${this.amount}, ${this.delivery})`;
}

class Redeliver implements fc.AsyncCommand<Model, Real> {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.orders.length > 0;
  async run(model: Model) {
    count("redeliver");
    const events = (await h.eventsOf(pick(model, this.i).chargeId)).reverse();
    for (const e of events) {
      const body = JSON.stringify(e.payload);
      const at = new Date();
      const headers = new Headers({ "webhook-id": e.id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(TEST_WEBHOOK_SECRET).sign(e.id, at, body) });
      expect((await receiveNotification(h.ctx, { kind: "sandbox", rawBody: body, headers })).status).toBe(200);
    }
    await checkInvariants(model);
  }
  toString = () => `redeliver-reversed(${this.i})`;
}

class Refund implements fc.AsyncCommand<Model, Real> {
  constructor(readonly i: number, readonly share: number, readonly fail: boolean) {}
  check = (m: Readonly<Model>) => m.orders.length > 0;
  async run(model: Model) {
    count("refund");
    const { orderId } = pick(model, this.i);
    const payment = await h.ctx.db.payment.findFirst({ where: { orderId } });
    if (this.fail) await h.sandboxApi("POST", "/sandbox/faults", { fail_next_refunds: 1 });
    try {
      model.keys += 1;
      await requestRefund(h.ctx, { actor: h.owner, orderId, paymentId: payment?.id, amount: Math.max(1, Math.round((payment?.amount ?? 100) * this.share)), reason: "model", key: `model-${SEED}-${model.keys}` });
    } catch (error) {
      expect(isAppError(error) ? error.code : String(error)).toSatisfy((code: string) => EXPECTED_REFUSALS.has(code));
    }
    await eventually(async () => (await h.ctx.db.refund.count({ where: { orderId, status: { in: ["sending", "pending"] } } })) === 0, 10_000);
    await h.sandboxApi("POST", "/sandbox/faults", { fail_next_refunds: 0 });
    await checkInvariants(model);
  }
  toString = () => `${this.fail ? "refund-fail" : "refund"}(${this.i}, ${this.share.toFixed(2)})`;
}

class Check implements fc.AsyncCommand<Model, Real> {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.orders.length > 0;
  async run(model: Model) {
    count("check");
    await checkOrder(h.ctx, { actor: h.cashier, orderId: pick(model, this.i).orderId });
    await checkInvariants(model);
  }
  toString = () => `check(${this.i})`;
}

class Sweep implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model) {
    count("sweep");
    await sweepOrders(later(model));
    await sweepRefunds(later(model));
    await checkInvariants(model);
  }
  toString = () => "sweep";
}

class ImportStatement implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model) {
    count("import");
    const date = new Date().toISOString().slice(0, 10);
    const csv = (await h.sandboxApi("GET", `/v1/statements?date=${date}`)).json as string;
    const { account } = await defaultConnection(h.ctx.db, h.owner.storeId);
    const body: AsyncIterable<Uint8Array> = (async function* () {
      yield await Promise.resolve(new TextEncoder().encode(csv));
    })();
    await importStatement(h.ctx, { storeId: h.owner.storeId, account, importedBy: "system", body, date });
    await checkInvariants(model);
  }
  toString = () => "import-statement";
}

class Restart implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model) {
    count("restart");
    await h.ctx.db.$disconnect();
    h.ctx.db = await createDb(h.env.DATABASE_URL);
    await checkInvariants(model);
  }
  toString = () => "restart";
}

const commands = [
  fc.tuple(fc.integer({ min: 100, max: 5000 }), fc.constantFrom("normal", "normal", "duplicate", "delay_ms:30", "drop")).map(([a, d]) => new Pay(a, d)),
  fc.nat().map((i) => new Redeliver(i)),
  fc.tuple(fc.nat(), fc.double({ min: 0.05, max: 1.1, noNaN: true }), fc.boolean()).map(([i, s, f]) => new Refund(i, s, f)),
  fc.nat().map((i) => new Check(i)),
  fc.constant(new Sweep()),
  fc.constant(new ImportStatement()),
  fc.constant(new Restart()),
];

describe(`the money model (seed ${SEED})`, () => {
  it("after every step: refunds within payments, each event applied once, amounts and statuses consistent, audited", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
        await fc.asyncModelRun(() => ({ model: { orders: [], clock: 0, keys: 0 }, real: { h } }), cmds);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect([...ran.keys()].sort()).toEqual(["check", "import", "pay", "redeliver", "refund", "restart", "sweep"]);
  }, 60_000 + RUNS * 2_000);
});
