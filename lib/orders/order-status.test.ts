import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  afterPayment,
  afterRefundSettled,
  canRefund,
  isLatePayment,
  isLive,
  LIVE_STATUSES,
  onEnd,
  ORDER_STATUSES,
  paidAtOf,
  settledStatus,
  type ExcessKind,
  type OrderStatus,
} from "./order-status";

// The order rules of /work/shared/pos-api.md ("Order rules" 1–7 and the
// discrepancy precedence late › duplicate › overpaid), checked without a database.

const amounts = (amount: number, received: number, refunded = 0, tolerance = 0) => ({ amount, received, refunded, tolerance });

const arbStatus = fc.constantFrom(...ORDER_STATUSES);
const arbAmounts = fc
  .record({
    amount: fc.integer({ min: 1, max: 1_000_000_000 }),
    received: fc.integer({ min: 0, max: 3_000_000_000 }),
    refunded: fc.integer({ min: 0, max: 3_000_000_000 }),
    tolerance: fc.integer({ min: 0, max: 10_000 }),
  })
  .filter((a) => a.tolerance < a.amount);
/** Amounts as they stand right after a payment was recorded: something was received, refunds never exceed what came in. */
const arbAfterPayment = arbAmounts
  .filter((a) => a.received > 0)
  .map((a) => ({ ...a, refunded: a.refunded % a.received })); // refunded < received: the new payment is not refunded yet

describe("rule 1: the statuses", () => {
  it("are exactly open, partially_paid, paid, expired, cancelled, refunded", () => {
    expect([...ORDER_STATUSES]).toEqual(["open", "partially_paid", "paid", "expired", "cancelled", "refunded"]);
  });

  it.each([
    ["open", true],
    ["partially_paid", true],
    ["paid", false],
    ["expired", false],
    ["cancelled", false],
    ["refunded", false],
    ["", false],
    ["OPEN", false],
  ])("isLive(%j) is %s: partially_paid behaves like open (QR still live)", (status, live) => {
    expect(isLive(status)).toBe(live);
  });

  it("LIVE_STATUSES lists exactly the statuses isLive accepts", () => {
    expect([...LIVE_STATUSES].sort()).toEqual(ORDER_STATUSES.filter(isLive).sort());
  });
});

describe("rule 3 and 6: settledStatus, what the amounts alone say", () => {
  it.each([
    // amount, received, refunded, tolerance → status
    [2350, 2350, 0, 0, "paid"],
    [2350, 4700, 0, 0, "paid"],
    [2350, 2349, 0, 0, "partially_paid"],
    [2350, 1, 0, 0, "partially_paid"],
    [2350, 2340, 0, 10, "paid"], // short by exactly the tolerance still counts as paid
    [2350, 2339, 0, 10, "partially_paid"], // one minor unit beyond the tolerance does not
    [2350, 2350, 2350, 0, "refunded"], // refunded = received > 0
    [2350, 4700, 4700, 0, "refunded"],
    [2350, 1000, 1000, 0, "refunded"], // an underpaid order refunded in full is refunded, from any status
    [2350, 2350, 1000, 0, "paid"], // a partial refund leaves it paid
    [2350, 1000, 999, 0, "partially_paid"],
  ] as const)("amount %i, received %i, refunded %i, tolerance %i → %s", (amount, received, refunded, tolerance, status) => {
    expect(settledStatus(amounts(amount, received, refunded, tolerance))).toBe(status);
  });

  it("property: status is refunded iff received > 0 and refunded ≥ received", () => {
    fc.assert(
      fc.property(arbAmounts, (a) => {
        expect(settledStatus(a) === "refunded").toBe(a.received > 0 && a.refunded >= a.received);
      }),
    );
  });

  it("property: with something received and not all refunded, paid iff received ≥ amount − tolerance, else partially_paid", () => {
    fc.assert(
      fc.property(arbAfterPayment, (a) => {
        expect(settledStatus(a)).toBe(a.received >= a.amount - a.tolerance ? "paid" : "partially_paid");
      }),
    );
  });
});

describe("rule 4: isLatePayment", () => {
  const expiresAt = new Date("2026-03-01T10:05:00.000Z");
  const before = new Date("2026-03-01T10:04:59.999Z");
  const after = new Date("2026-03-01T10:05:00.001Z");

  it.each([
    ["open", before, false],
    ["open", expiresAt, false], // paid at the very instant of expiry is still in time
    ["open", after, true],
    ["partially_paid", after, true],
    ["paid", before, false],
    ["paid", after, true],
    ["expired", before, false], // made in time, learned of later: not late
    ["expired", after, true],
    ["refunded", before, false],
    ["cancelled", before, true], // any payment after a cancel is late
    ["cancelled", after, true],
  ] as const)("status %s, paid at %s → late %s", (status, paidAt, late) => {
    expect(isLatePayment({ status, expiresAt }, paidAt)).toBe(late);
  });

  it("property: a cancelled order takes every payment as late; otherwise late iff paid_at > expires_at", () => {
    fc.assert(
      fc.property(arbStatus, fc.integer({ min: -1e9, max: 1e9 }), (status, offsetMs) => {
        const paidAt = new Date(expiresAt.getTime() + offsetMs);
        expect(isLatePayment({ status, expiresAt }, paidAt)).toBe(status === "cancelled" || offsetMs > 0);
      }),
    );
  });
});

describe("rules 2–6: afterPayment, and the precedence late › duplicate › overpaid", () => {
  type Row = [OrderStatus, boolean, ReturnType<typeof amounts>, OrderStatus, ExcessKind | null, string];
  const rows: Row[] = [
    // in time, live order
    ["open", false, amounts(2350, 2350), "paid", null, "exact payment pays an open order"],
    ["open", false, amounts(2350, 1000), "partially_paid", null, "a short payment leaves it partially paid"],
    ["partially_paid", false, amounts(2350, 2350), "paid", null, "the rest of the money pays it"],
    ["partially_paid", false, amounts(2350, 2000), "partially_paid", null, "still short"],
    ["open", false, amounts(2350, 2340, 0, 10), "paid", null, "short within the tolerance counts as paid"],
    ["open", false, amounts(2350, 2351), "paid", "overpaid", "one unit above the amount overpays"],
    ["open", false, amounts(2350, 2360, 0, 10), "paid", null, "above the amount but within tolerance: not overpaid"],
    ["open", false, amounts(2350, 2361, 0, 10), "paid", "overpaid", "above amount + tolerance: overpaid"],
    ["partially_paid", false, amounts(2350, 3000), "paid", "overpaid", "the second payment of a partial order overshoots"],
    // in time but learned of later (rule 4): moves expired to paid/partially_paid
    ["expired", false, amounts(2350, 2350), "paid", null, "an in-time payment found later moves expired to paid"],
    ["expired", false, amounts(2350, 1000), "partially_paid", null, "…or to partially_paid"],
    ["expired", false, amounts(2350, 4000), "paid", "overpaid", "…and may overpay it"],
    // duplicate: already paid
    ["paid", false, amounts(2350, 4700), "paid", "duplicate_payment", "a second payment of a paid order is a duplicate"],
    ["paid", false, amounts(2350, 4700 + 999), "paid", "duplicate_payment", "duplicate wins over overpaid"],
    ["paid", false, amounts(2350, 2350 + 1, 0, 10), "paid", "duplicate_payment", "duplicate even when tiny"],
    ["refunded", false, amounts(2350, 4700, 2350), "paid", "duplicate_payment", "rule 6: a later payment takes a refunded order back to what its amounts say"],
    ["refunded", false, amounts(2350, 3350, 2350), "paid", "duplicate_payment", "rule 3 counts every payment received, refunded or not"],
    ["refunded", false, amounts(2350, 1500, 1000), "partially_paid", "duplicate_payment", "an underpaid order refunded in full, paid again in part: partially_paid"],
    // late (rule 4): leaves expired/cancelled as it is, and late wins over everything
    ["expired", true, amounts(2350, 2350), "expired", "late_payment", "a late payment leaves expired as it is"],
    ["cancelled", true, amounts(2350, 2350), "cancelled", "late_payment", "a late payment leaves cancelled as it is"],
    ["cancelled", true, amounts(2350, 9999), "cancelled", "late_payment", "late wins over overpaid"],
    ["expired", true, amounts(2350, 4700), "expired", "late_payment", "late wins over duplicate"],
    ["paid", true, amounts(2350, 4700), "paid", "late_payment", "late wins over duplicate on a paid order"],
    ["open", true, amounts(2350, 5000), "paid", "late_payment", "late wins over overpaid on an order not yet swept"],
  ];

  it.each(rows)("%s, late=%s, %o → %s with %s (%s)", (status, late, a, next, excess) => {
    expect(afterPayment(status, late, a)).toEqual({ status: next, excess });
  });

  it("property: a late payment never changes an expired or cancelled status, and always opens late_payment", () => {
    fc.assert(
      fc.property(fc.constantFrom<OrderStatus>("expired", "cancelled"), arbAfterPayment, (status, a) => {
        expect(afterPayment(status, true, a)).toEqual({ status, excess: "late_payment" });
      }),
    );
  });

  it("property: a late payment always opens late_payment and nothing else (late › duplicate › overpaid)", () => {
    fc.assert(
      fc.property(arbStatus, arbAfterPayment, (status, a) => {
        expect(afterPayment(status, true, a).excess).toBe("late_payment");
      }),
    );
  });

  it("property: an in-time payment to a paid or refunded order is a duplicate, whatever it overpays", () => {
    fc.assert(
      fc.property(fc.constantFrom<OrderStatus>("paid", "refunded"), arbAfterPayment, (status, a) => {
        expect(afterPayment(status, false, a).excess).toBe("duplicate_payment");
      }),
    );
  });

  it("property: otherwise an in-time payment opens overpaid iff received > amount + tolerance", () => {
    fc.assert(
      fc.property(fc.constantFrom<OrderStatus>("open", "partially_paid", "expired", "cancelled"), arbAfterPayment, (status, a) => {
        expect(afterPayment(status, false, a).excess).toBe(a.received > a.amount + a.tolerance ? "overpaid" : null);
      }),
    );
  });

  it("property: an in-time payment leaves the order in the status its amounts say (paid or partially_paid)", () => {
    fc.assert(
      fc.property(arbStatus, arbAfterPayment, (status, a) => {
        const next = afterPayment(status, false, a).status;
        expect(next).toBe(settledStatus(a));
        expect(["paid", "partially_paid"]).toContain(next);
      }),
    );
  });

  it("property: no payment ever leaves an order open", () => {
    fc.assert(
      fc.property(arbStatus, fc.boolean(), arbAfterPayment, (status, late, a) => {
        expect(afterPayment(status, late, a).status).not.toBe("open");
      }),
    );
  });
});

describe("rule 5: onEnd, when the QR ends by expiry or cancel", () => {
  it.each([
    ["open", "expired", amounts(2350, 0), "expired", false],
    ["open", "cancelled", amounts(2350, 0), "cancelled", false],
    ["partially_paid", "expired", amounts(2350, 1000), "expired", true],
    ["partially_paid", "cancelled", amounts(2350, 1000), "cancelled", true],
    ["partially_paid", "expired", amounts(2350, 2349), "expired", true],
    ["open", "expired", amounts(2350, 2345, 0, 10), "expired", false], // within tolerance: not underpaid
    ["paid", "expired", amounts(2350, 2350), "paid", false], // not live: unchanged
    ["paid", "cancelled", amounts(2350, 2350), "paid", false],
    ["expired", "cancelled", amounts(2350, 1000), "expired", false], // already ended: no second underpaid
    ["cancelled", "expired", amounts(2350, 1000), "cancelled", false],
    ["refunded", "expired", amounts(2350, 2350, 2350), "refunded", false],
  ] as const)("%s ended by %s with %o → %s, underpaid %s", (status, ended, a, next, underpaid) => {
    expect(onEnd(status, ended, a)).toEqual({ status: next, underpaid });
  });

  it("property: a live order always ends in the ending status; anything else is left as it is", () => {
    fc.assert(
      fc.property(arbStatus, fc.constantFrom("expired" as const, "cancelled" as const), arbAmounts, (status, ended, a) => {
        const next = onEnd(status, ended, a);
        expect(next.status).toBe(isLive(status) ? ended : status);
        expect(isLive(next.status)).toBe(false);
      }),
    );
  });

  it("property: underpaid iff a live order ends with 0 < received < amount − tolerance", () => {
    fc.assert(
      fc.property(arbStatus, fc.constantFrom("expired" as const, "cancelled" as const), arbAmounts, (status, ended, a) => {
        expect(onEnd(status, ended, a).underpaid).toBe(isLive(status) && a.received > 0 && a.received < a.amount - a.tolerance);
      }),
    );
  });
});

describe("rule 7: canRefund", () => {
  it.each([
    ["open", false],
    ["partially_paid", false],
    ["paid", true],
    ["expired", true],
    ["cancelled", true],
    ["refunded", true],
  ] as const)("%s → %s (refunds wait until the QR is no longer live)", (status, allowed) => {
    expect(canRefund(status)).toBe(allowed);
  });
});

describe("rule 6: afterRefundSettled", () => {
  it.each([
    ["paid", 2350, 2350, "refunded"],
    ["paid", 2350, 1000, "paid"],
    ["expired", 1000, 1000, "refunded"], // from any status
    ["cancelled", 2350, 2350, "refunded"],
    ["cancelled", 2350, 0, "cancelled"], // a failed refund changes nothing
    ["expired", 1000, 500, "expired"],
    ["refunded", 4700, 2350, "paid"], // a later payment took it back
    ["paid", 0, 0, "paid"], // nothing received: never refunded
  ] as const)("%s with received %i, refunded %i → %s", (status, received, refunded, next) => {
    expect(afterRefundSettled(status, { received, refunded })).toBe(next);
  });

  it("property: refunded iff received > 0 and refunded ≥ received", () => {
    fc.assert(
      fc.property(arbStatus, fc.nat(1e9), fc.nat(1e9), (status, received, refunded) => {
        expect(afterRefundSettled(status, { received, refunded }) === "refunded").toBe(received > 0 && refunded >= received);
      }),
    );
  });

  it("property: a status other than refunded is kept unless the refunds now cover everything", () => {
    fc.assert(
      fc.property(arbStatus.filter((s) => s !== "refunded"), fc.nat(1e9), fc.nat(1e9), (status, received, refunded) => {
        const next = afterRefundSettled(status, { received, refunded });
        expect(next).toBe(received > 0 && refunded >= received ? "refunded" : status);
      }),
    );
  });
});

describe("paidAtOf: the provider's time of the payment that made the order paid", () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 8, minute));
  it.each([
    ["one payment of the amount", [{ amount: 1000, paidAt: at(5) }], 1000, at(5)],
    ["two parts: the second completes it", [{ amount: 400, paidAt: at(1) }, { amount: 600, paidAt: at(3) }], 1000, at(3)],
    ["learned out of order: still the completing payment's time", [{ amount: 600, paidAt: at(3) }, { amount: 400, paidAt: at(1) }], 1000, at(3)],
    ["a later duplicate does not move it", [{ amount: 1000, paidAt: at(2) }, { amount: 1000, paidAt: at(9) }], 1000, at(2)],
    ["within the tolerance", [{ amount: 995, paidAt: at(4) }], 990, at(4)],
    ["not enough yet", [{ amount: 400, paidAt: at(1) }], 1000, null],
  ] as const)("%s", (_name, payments, needed, expected) => {
    expect(paidAtOf([...payments], needed)).toEqual(expected);
  });

  it("property: it is the paid_at of one of the payments, and the payments up to it add up", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ amount: fc.integer({ min: 1, max: 10_000 }), minute: fc.integer({ min: 0, max: 59 }) })), fc.integer({ min: 1, max: 50_000 }), (rows, needed) => {
        const payments = rows.map((r) => ({ amount: r.amount, paidAt: at(r.minute) }));
        const result = paidAtOf(payments, needed);
        const total = payments.reduce((s, p) => s + p.amount, 0);
        if (total < needed) {
          expect(result).toBeNull();
          return;
        }
        expect(result).not.toBeNull();
        const upTo = payments.filter((p) => p.paidAt.getTime() <= result!.getTime()).reduce((s, p) => s + p.amount, 0);
        const before = payments.filter((p) => p.paidAt.getTime() < result!.getTime()).reduce((s, p) => s + p.amount, 0);
        expect(upTo).toBeGreaterThanOrEqual(needed);
        expect(before).toBeLessThan(needed);
      }),
    );
  });
});
