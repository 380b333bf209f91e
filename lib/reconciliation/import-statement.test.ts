/**
 * Statement import and three-way matching against a real SQLite file and a
 * real Sandbox Pay: every discrepancy type a statement finds, idempotent
 * re-imports, partial-then-full statements, the UTC day boundary, and
 * malformed files rejected whole, naming the line and the column.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";
import { line, rand, reconciliationHelpers, statement, HEADER } from "./statement-test-support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());
const { importText, paidOrder, refundRow, discrepanciesOf } = reconciliationHelpers(() => h);

const openTypes = async (where: Parameters<typeof discrepanciesOf>[0]) => (await discrepanciesOf(where)).map((d) => d.type).sort();
const lineCount = () => h.ctx.db.statementLine.count();

describe("matching a statement", () => {
  it("a statement that agrees with Till: every line matched, fee and net stored on the payment, nothing opened", async () => {
    const a = await paidOrder(2350, "2026-01-01T08:16:03Z");
    const b = await paidOrder(990, "2026-01-01T09:00:00Z");
    const result = await importText(statement("2026-01-01", [line(a.movement), line(b.movement)]));
    expect(result).toMatchObject({ lines: 2, added: 2, matched: 2, discrepanciesOpened: 0, repeated: false, day: "2026-01-01" });
    expect(await h.ctx.db.payment.findUniqueOrThrow({ where: { id: a.paymentId! } })).toMatchObject({ fee: 14, net: 2336 });
    expect(await h.ctx.db.payment.findUniqueOrThrow({ where: { id: b.paymentId! } })).toMatchObject({ fee: 6, net: 984 });
    expect(await openTypes({ orderId: a.orderId })).toEqual([]);
  });

  it("unnotified_payment: a statement payment Till never recorded is recorded with source statement and makes its order paid", async () => {
    const p = await paidOrder(1800, "2026-01-02T10:00:00Z", { record: false });
    const result = await importText(statement("2026-01-02", [line(p.movement)]));
    expect(result).toMatchObject({ lines: 1, matched: 0, discrepanciesOpened: 1 });
    const order = await h.ctx.db.order.findUniqueOrThrow({ where: { id: p.orderId }, include: { payments: true } });
    expect(order).toMatchObject({ status: "paid", amountReceived: 1800, paidAt: new Date("2026-01-02T10:00:00Z") });
    expect(order.payments).toEqual([expect.objectContaining({ source: "statement", providerPaymentId: p.providerPaymentId, amount: 1800, fee: 11, net: 1789 })]);
    const [d] = await discrepanciesOf({ orderId: p.orderId });
    expect(d).toMatchObject({ type: "unnotified_payment", status: "open", paymentId: order.payments[0]!.id, expectedAmount: 1800, actualAmount: 1800 });
  });

  it("unnotified_payment on a paid order also opens duplicate_payment, by the usual order rules", async () => {
    const p = await paidOrder(500, "2026-01-03T10:00:00Z");
    const second = { ...p.movement, paymentId: rand("pay"), time: "2026-01-03T10:00:30Z" };
    await importText(statement("2026-01-03", [line(p.movement), line(second)]));
    expect(await openTypes({ orderId: p.orderId })).toEqual(["duplicate_payment", "unnotified_payment"]);
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: p.orderId } })).toMatchObject({ status: "paid", amountReceived: 1000 });
  });

  it("a statement payment whose merchant_ref names no order: recorded on the account's store, unnotified and unknown_order", async () => {
    const movement = { time: "2026-01-04T03:00:00Z", chargeId: rand("ch"), merchantRef: "NOSUCHORDER0000000000000000".slice(0, 26), paymentId: rand("pay"), amount: 4200 };
    await importText(statement("2026-01-04", [line(movement)]));
    const payment = await h.ctx.db.payment.findFirstOrThrow({ where: { providerPaymentId: movement.paymentId } });
    expect(payment).toMatchObject({ orderId: null, source: "statement", storeId: h.owner.storeId, fee: 25 });
    expect(await openTypes({ paymentId: payment.id })).toEqual(["unknown_order", "unnotified_payment"]);
  });

  it("unsettled_payment: a recorded payment inside the statement's period that no statement holds", async () => {
    const held = await paidOrder(1000, "2026-01-05T01:00:00Z");
    const missing = await paidOrder(1200, "2026-01-05T02:00:00Z");
    const result = await importText(statement("2026-01-05", [line(held.movement)]));
    expect(result).toMatchObject({ lines: 1, matched: 1, discrepanciesOpened: 1 });
    const [d] = await discrepanciesOf({ paymentId: missing.paymentId! });
    expect(d).toMatchObject({ type: "unsettled_payment", orderId: missing.orderId, expectedAmount: 1200, actualAmount: null, statementLineId: null });
    expect(await openTypes({ paymentId: held.paymentId! })).toEqual([]);
  });

  it("amount_mismatch: a statement line whose amount differs from the recorded payment", async () => {
    const p = await paidOrder(1000, "2026-01-06T05:00:00Z");
    await importText(statement("2026-01-06", [line({ ...p.movement, amount: 1001 })]));
    const [d] = await discrepanciesOf({ orderId: p.orderId });
    expect(d).toMatchObject({ type: "amount_mismatch", paymentId: p.paymentId, expectedAmount: 1000, actualAmount: 1001 });
    expect(d!.statementLineId).toMatch(/^stl_/);
  });

  it("amount_mismatch: a statement line in another currency than the recorded payment", async () => {
    const p = await paidOrder(1000, "2026-01-06T06:00:00Z");
    await importText(statement("2026-01-06", [line({ ...p.movement, currency: "USD" })]));
    expect(await openTypes({ orderId: p.orderId })).toEqual(["amount_mismatch"]);
  });

  it("refund_mismatch both ways; a refund on both sides agreeing is matched, and one whose amount differs is amount_mismatch", async () => {
    const p = await paidOrder(3000, "2026-01-07T01:00:00Z");
    const agreeing = await refundRow({ orderId: p.orderId, paymentId: p.paymentId! }, 500, "2026-01-07T02:00:00Z");
    const differing = await refundRow({ orderId: p.orderId, paymentId: p.paymentId! }, 400, "2026-01-07T02:30:00Z");
    const notInStatement = await refundRow({ orderId: p.orderId, paymentId: p.paymentId! }, 300, "2026-01-07T03:00:00Z");
    const failed = await refundRow({ orderId: p.orderId, paymentId: p.paymentId! }, 200, "2026-01-07T03:30:00Z", "failed");
    const refund = (r: { providerRefundId: string }, amount: number, time: string) => line({ ...p.movement, type: "REFUND", refundId: r.providerRefundId, amount, time });
    const neverIssued = rand("re");
    const result = await importText(
      statement("2026-01-07", [
        line(p.movement),
        refund(agreeing, 500, "2026-01-07T02:00:00Z"),
        refund(differing, 450, "2026-01-07T02:30:00Z"),
        refund({ providerRefundId: neverIssued }, 100, "2026-01-07T04:00:00Z"),
        refund(failed, 200, "2026-01-07T04:30:00Z"),
      ]),
    );
    expect(result).toMatchObject({ lines: 5, matched: 2, discrepanciesOpened: 4 });
    const ds = await discrepanciesOf({ orderId: p.orderId });
    expect(ds.map((d) => [d.type, d.refundId, d.expectedAmount, d.actualAmount]).sort()).toEqual(
      [
        ["amount_mismatch", differing.id, 400, 450],
        ["refund_mismatch", null, null, 100],
        ["refund_mismatch", failed.id, 200, 200],
        ["refund_mismatch", notInStatement.id, 300, null],
      ].sort(),
    );
  });
});

describe("idempotent imports", () => {
  it("the same statement twice changes nothing: the second answers the first's figures and opens nothing", async () => {
    const p = await paidOrder(700, "2026-01-08T01:00:00Z", { record: false });
    const q = await paidOrder(800, "2026-01-08T02:00:00Z");
    const text = statement("2026-01-08", [line(p.movement), line(q.movement)]);
    const first = await importText(text);
    const lines = await lineCount();
    const discrepancies = await h.ctx.db.discrepancy.count();
    const payments = await h.ctx.db.payment.count();
    const second = await importText(text);
    expect(second).toMatchObject({ importId: first.importId, repeated: true, lines: 2, matched: first.matched, discrepanciesOpened: 0, added: 0 });
    expect([await lineCount(), await h.ctx.db.discrepancy.count(), await h.ctx.db.payment.count()]).toEqual([lines, discrepancies, payments]);
    expect(await h.ctx.db.statementImport.count({ where: { day: "2026-01-08" } })).toBe(1);
  });

  it("a partial statement, then the full day: the full one adds only the new movements, and flags only what neither holds", async () => {
    const morning = await paidOrder(1100, "2026-01-09T09:00:00Z");
    const afternoon = await paidOrder(1300, "2026-01-09T15:00:00Z");
    const lateUnsettled = await paidOrder(1400, "2026-01-09T16:00:00Z");
    const partial = await importText(statement("2026-01-09", [line(morning.movement)], "2026-01-09T12:00:00Z"));
    expect(partial).toMatchObject({ lines: 1, added: 1, matched: 1, discrepanciesOpened: 0 });
    // Payments after the partial statement was made are not its business.
    expect(await openTypes({ paymentId: afternoon.paymentId! })).toEqual([]);

    const full = await importText(statement("2026-01-09", [line(morning.movement), line(afternoon.movement)]));
    expect(full).toMatchObject({ lines: 2, added: 1, matched: 1, discrepanciesOpened: 1, repeated: false });
    expect(await h.ctx.db.statementLine.count({ where: { movementKey: `PAYMENT:${morning.providerPaymentId}:` } })).toBe(1);
    expect(await openTypes({ paymentId: lateUnsettled.paymentId! })).toEqual(["unsettled_payment"]);
    expect(await openTypes({ paymentId: morning.paymentId! })).toEqual([]);
  });
});

describe("the UTC day boundary", () => {
  it("a payment at 23:59:59 UTC is in its day's statement, not flagged by the next day's, and a statement's period is half-open", async () => {
    const p = await paidOrder(2000, "2026-01-10T23:59:59Z");
    const next = await paidOrder(2100, "2026-01-11T00:00:00Z");
    const day = await importText(statement("2026-01-10", [line(p.movement)]));
    expect(day).toMatchObject({ matched: 1, discrepanciesOpened: 0 });
    // The next day's statement lacks the 23:59:59 payment: it is outside that period, so not unsettled.
    const nextDay = await importText(statement("2026-01-11", [line(next.movement)]));
    expect(nextDay).toMatchObject({ matched: 1, discrepanciesOpened: 0 });
    expect(await openTypes({ paymentId: p.paymentId! })).toEqual([]);
  });

  it("a payment at 00:00:00 of the next day is outside the day's statement: naming it there is malformed", async () => {
    const p = await paidOrder(2200, "2026-01-13T00:00:00Z");
    const error = await appErrorOf(importText(statement("2026-01-12", [line(p.movement)])));
    expect(error).toMatchObject({ status: 422, extra: { line: 3, column: "time" } });
  });
});

describe("malformed files are rejected whole", () => {
  const cases: [string, (ok: string) => string, number, string][] = [
    ["an amount that is not an integer", (ok) => statement("2026-01-14", [ok, ok.replace(",990,", ",9.90,")]), 4, "amount"],
    ["a net that is not amount − fee", (ok) => statement("2026-01-14", [ok, ok, ok.replace(/,984,CNY$/, ",985,CNY")]), 5, "net"],
    ["a line with a column missing", (ok) => statement("2026-01-14", [ok, ok.replace(/,CNY$/, "")]), 4, "currency"],
    ["an unknown movement type", (ok) => statement("2026-01-14", [ok.replace("PAYMENT", "CHARGEBACK")]), 3, "type"],
    ["a time that is not RFC 3339", (ok) => statement("2026-01-14", [ok.replace("2026-01-14T05:00:00Z", "2026-01-14 05:00")]), 3, "time"],
    ["a time that is not on the clock (a lenient parser reads 06:00)", (ok) => statement("2026-01-14", [ok, ok.replace("T05:00:00Z", "T05:60:00Z")]), 4, "time"],
    ["an empty time", (ok) => statement("2026-01-14", [ok.replace("2026-01-14T05:00:00Z", "")]), 3, "time"],
    ["a time off the clock after lines of a good one", (ok) => statement("2026-01-14", [ok, ok, ok.replace("T05:00:00Z", "T05:00:60Z")]), 5, "time"],
    ["an unterminated quote", (ok) => statement("2026-01-14", [ok, ok.replace(",CNY", ',"CNY')]), 4, "currency"],
    ["a header without a column", () => `# period: 2026-01-14T00:00:00Z/2026-01-15T00:00:00Z\n${HEADER.replace(",fee", "")}\n`, 2, "fee"],
    ["a bad period line", () => `# period: 2026-01-14/tomorrow\n${HEADER}\n`, 1, "period"],
  ];
  it.each(cases)("%s: 422 naming the line and the column, and nothing is stored", async (_name, make, lineNo, column) => {
    const ok = line({ time: "2026-01-14T05:00:00Z", chargeId: rand("ch"), merchantRef: "MALFORMED0000000000000001", paymentId: rand("pay"), amount: 990 });
    const before = { lines: await lineCount(), imports: await h.ctx.db.statementImport.count(), payments: await h.ctx.db.payment.count() };
    const error = await appErrorOf(importText(make(ok)));
    expect({ code: error.code, status: error.status, extra: error.extra }).toEqual({ code: "invalid_request", status: 422, extra: { line: lineNo, column } });
    expect(error.message).toContain(`line ${lineNo}, column ${column}`);
    expect({ lines: await lineCount(), imports: await h.ctx.db.statementImport.count(), payments: await h.ctx.db.payment.count() }).toEqual(before);
  });

  it("a file with a bad line after thousands of good ones stages them and then leaves nothing behind", async () => {
    const good = Array.from({ length: 5_000 }, (_, i) => line({ time: "2026-01-15T05:00:00Z", chargeId: `ch_bulk${i}`, merchantRef: `BULK${String(i).padStart(8, "0")}`, paymentId: `pay_bulk${i}`, amount: 100 + i }));
    const before = await lineCount();
    const error = await appErrorOf(importText(statement("2026-01-15", [...good, "2026-01-15T05:00:00Z,PAYMENT,ch_x,REF,pay_x,,-5,0,-5,CNY"])));
    expect(error.extra).toEqual({ line: 5_003, column: "amount" });
    expect(await lineCount()).toBe(before);
    expect(await h.ctx.db.payment.count({ where: { providerPaymentId: "pay_bulk1" } })).toBe(0);
  });

  it("a file without a period needs date, and a date that disagrees with the file's period is refused", async () => {
    const noPeriod = `${HEADER}\n`;
    const missing = (await appErrorOf(importText(noPeriod))).errors;
    expect(missing?.map((e) => e.path)).toEqual(["date"]);
    expect(missing?.[0]?.message).toBeTruthy();
    expect(await importText(noPeriod, "2026-01-16")).toMatchObject({ lines: 0, day: "2026-01-16", period: { start: new Date("2026-01-16T00:00:00Z"), end: new Date("2026-01-17T00:00:00Z") } });
    const error = await appErrorOf(importText(statement("2026-01-17", []), "2026-01-18"));
    expect(isAppError(error) && error.errors).toEqual([{ path: "date", message: "differs from the file's period" }]);
  });
});
