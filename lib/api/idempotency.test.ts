import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { startHarness, type Harness } from "@/test/harness";
import { beginIdempotent, canonicalJson, keepsAnswer, runIdempotent, validateIdempotencyKey } from "./idempotency";

/** The same JSON value with every object's keys in a random order. */
function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shuffleKeys(v, random)] as const);
    for (let i = entries.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return Object.fromEntries(entries);
  }
  return value;
}

describe("canonicalJson", () => {
  it.each([
    [{ a: 1, b: 2 }, { b: 2, a: 1 }],
    [{ amount: 2350, items: [{ name: "Latte", quantity: 2 }] }, { items: [{ quantity: 2, name: "Latte" }], amount: 2350 }],
    [{ z: { y: { x: 1, w: [1, { b: null, a: "s" }] } } }, { z: { y: { w: [1, { a: "s", b: null }], x: 1 } } }],
    [{ a: 1, b: undefined }, { a: 1 }], // an undefined property is not part of a JSON body
  ])("%j and %j are the same request", (a, b) => {
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it.each([
    [{ a: [1, 2] }, { a: [2, 1] }], // array order matters
    [{ a: 1 }, { a: "1" }],
    [{ a: null }, {}],
    [{ note: null }, { note: "" }],
    [{ a: { b: 1 } }, { "a.b": 1 }],
  ])("%j and %j are different requests", (a, b) => {
    expect(canonicalJson(a)).not.toBe(canonicalJson(b));
  });

  it("sorts keys by code unit, whatever order they were written in", () => {
    expect(canonicalJson({ b: 1, a: 2, B: 3, "10": 4, "9": 5 })).toBe('{"10":4,"9":5,"B":3,"a":2,"b":1}');
  });

  it("property: the canonical form does not depend on key order", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        let state = seed;
        const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
        expect(canonicalJson(shuffleKeys(value, random))).toBe(canonicalJson(value));
      }),
    );
  });

  it("property: the canonical form is JSON that reads back as the same value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

describe("validateIdempotencyKey", () => {
  it.each(["k", "a".repeat(64), "order-2026-03-01T10:00:00Z#1", "~!@$%^&*()_+{}|:<>?"])("accepts %j", (key) => {
    expect(validateIdempotencyKey(key)).toBe(key);
  });

  it.each([
    ["empty", ""],
    ["65 characters", "a".repeat(65)],
    ["a space", "two words"],
    ["non-ASCII", "订单-1"],
    ["a control character", "key\n"],
  ])("refuses a key with %s as a 400 invalid_request", (_label, key) => {
    expect(() => validateIdempotencyKey(key)).toThrow(expect.objectContaining({ code: "invalid_request", status: 400 }));
  });
});

describe("runIdempotent", () => {
  let clock = new Date("2026-03-01T09:00:00.000Z");
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ now: () => clock });
  });
  afterAll(() => h.close());

  let keyCounter = 0;
  const claim = (request: unknown, over: Partial<{ scope: string; route: string; key: string }> = {}) => ({
    scope: "api_key:key_test",
    route: "test.route",
    key: `k-${++keyCounter}`,
    request,
    ...over,
  });

  /** A function that counts its runs and answers what `answer` says. */
  function counted<T>(answer: (run: number) => T | Promise<T>) {
    // async, so that an answer that throws becomes a rejection, as a real use case's would.
    const fn = async () => {
      fn.runs += 1;
      return await answer(fn.runs);
    };
    fn.runs = 0;
    return fn;
  }

  it("runs once per key: a repeat with the same request gets the first value back without running again", async () => {
    const c = claim({ amount: 2350, note: "a" });
    const fn = counted((run) => ({ orderId: `ord_${run}` }));
    const first = await runIdempotent(h.ctx, c, fn);
    const second = await runIdempotent(h.ctx, { ...c, request: { note: "a", amount: 2350 } }, fn);
    expect(first).toEqual({ orderId: "ord_1" });
    expect(second).toEqual(first);
    expect(fn.runs).toBe(1);
  });

  it("replays an AppError outcome: the same code, message and status, without running again", async () => {
    const c = claim({ amount: 1 });
    const fn = counted(() => {
      throw new AppError("amount_exceeds_refundable", "Only 100 is left to refund");
    });
    const first = await runIdempotent(h.ctx, c, fn).catch((e: unknown) => e);
    const second = await runIdempotent(h.ctx, c, fn).catch((e: unknown) => e);
    expect(fn.runs).toBe(1);
    for (const error of [first, second]) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "amount_exceeds_refundable", status: 422, message: "Only 100 is left to refund" });
    }
  });

  it("replays an AppError with a status other than its code's default", async () => {
    const c = claim({});
    const fn = counted(() => {
      throw new AppError("invalid_request", "no body", { status: 400 });
    });
    await expect(runIdempotent(h.ctx, c, fn)).rejects.toMatchObject({ code: "invalid_request", status: 400 });
    await expect(runIdempotent(h.ctx, c, fn)).rejects.toMatchObject({ code: "invalid_request", status: 400 });
    expect(fn.runs).toBe(1);
  });

  // A repeat must be "the first answer again", field errors and extra included.
  it("a replayed AppError keeps its field errors and extra, as the first answer had them", async () => {
    const c = claim({ currency: "USD" });
    const errors = [{ path: "currency", message: "must be CNY" }];
    const extra = { order: { id: "ord_x", status: "paid" } };
    const fn = counted(() => {
      throw new AppError("conflict", "already paid", { errors, extra });
    });
    await expect(runIdempotent(h.ctx, c, fn)).rejects.toMatchObject({ errors, extra });
    await expect(runIdempotent(h.ctx, c, fn)).rejects.toMatchObject({ errors, extra });
  });

  it("does not keep an unexpected (5xx) failure: a retry with the same key runs again", async () => {
    const c = claim({ amount: 5 });
    let fail = true;
    const fn = counted(() => {
      if (fail) throw new Error("provider exploded");
      return "done";
    });
    await expect(runIdempotent(h.ctx, c, fn)).rejects.toThrow("provider exploded");
    fail = false;
    await expect(runIdempotent(h.ctx, c, fn)).resolves.toBe("done");
    expect(fn.runs).toBe(2);
  });

  it.each([
    ["approval_required", "needs an owner's PIN"],
    ["rate_limited", "try later"],
  ] as const)("does not keep a %s answer: the same request runs again; another request with the key is still a 409", async (code, message) => {
    const c = claim({ amount: 25_000 });
    let refuse = true;
    const fn = counted(() => {
      if (refuse) throw new AppError(code, message);
      return "approved";
    });
    await expect(runIdempotent(h.ctx, c, fn)).rejects.toMatchObject({ code });
    await expect(runIdempotent(h.ctx, { ...c, request: { amount: 24_000 } }, fn)).rejects.toMatchObject({ code: "conflict", status: 409 });
    expect(fn.runs).toBe(1);
    refuse = false;
    await expect(runIdempotent(h.ctx, c, fn)).resolves.toBe("approved");
    await expect(runIdempotent(h.ctx, c, fn)).resolves.toBe("approved");
    expect(fn.runs).toBe(2);
  });

  it("keepsAnswer: a 5xx, approval_required and rate_limited are not kept; other answers are", () => {
    expect([keepsAnswer(201), keepsAnswer(409, "conflict"), keepsAnswer(422, "amount_exceeds_refundable"), keepsAnswer(403, "forbidden")]).toEqual([true, true, true, true]);
    expect([keepsAnswer(500), keepsAnswer(503, "provider_unavailable"), keepsAnswer(403, "approval_required"), keepsAnswer(429, "rate_limited")]).toEqual([false, false, false, false]);
  });

  it("the same key with another request is a 409 conflict, and does not run", async () => {
    const c = claim({ amount: 100 });
    const fn = counted(() => "first");
    await runIdempotent(h.ctx, c, fn);
    await expect(runIdempotent(h.ctx, { ...c, request: { amount: 101 } }, fn)).rejects.toMatchObject({ code: "conflict", status: 409 });
    expect(fn.runs).toBe(1);
  });

  it("while the first call is still running, a repeat is a 409 conflict; afterwards it replays", async () => {
    const c = claim({ amount: 7 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fn = counted(async () => {
      await gate;
      return "slow";
    });
    const first = runIdempotent(h.ctx, c, fn);
    // Wait until the first call has claimed the key.
    for (let i = 0; i < 200 && fn.runs === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
    expect(fn.runs).toBe(1);
    await expect(runIdempotent(h.ctx, c, fn)).rejects.toMatchObject({ code: "conflict", status: 409 });
    release();
    await expect(first).resolves.toBe("slow");
    await expect(runIdempotent(h.ctx, c, fn)).resolves.toBe("slow");
    expect(fn.runs).toBe(1);
  });

  it("keys are scoped by caller and route: the same key elsewhere runs on its own", async () => {
    const key = `shared-${++keyCounter}`;
    const fn = counted((run) => run);
    expect(await runIdempotent(h.ctx, claim({}, { key }), fn)).toBe(1);
    expect(await runIdempotent(h.ctx, claim({}, { key, scope: "api_key:other" }), fn)).toBe(2);
    expect(await runIdempotent(h.ctx, claim({}, { key, route: "other.route" }), fn)).toBe(3);
    expect(await runIdempotent(h.ctx, claim({}, { key }), fn)).toBe(1);
  });

  it("refuses an invalid key with a 400 before running anything", async () => {
    const fn = counted(() => "x");
    await expect(runIdempotent(h.ctx, claim({}, { key: "k".repeat(65) }), fn)).rejects.toMatchObject({ code: "invalid_request", status: 400 });
    await expect(runIdempotent(h.ctx, claim({}, { key: "" }), fn)).rejects.toMatchObject({ status: 400 });
    expect(fn.runs).toBe(0);
  });

  it("a key is kept 24 hours; after that the same key runs again", async () => {
    clock = new Date("2026-03-01T09:00:00.000Z");
    const c = claim({ amount: 9 });
    const fn = counted((run) => run);
    expect(await runIdempotent(h.ctx, c, fn)).toBe(1);
    clock = new Date("2026-03-02T08:59:59.000Z");
    expect(await runIdempotent(h.ctx, c, fn)).toBe(1);
    clock = new Date("2026-03-02T09:00:01.000Z");
    expect(await runIdempotent(h.ctx, { ...c, request: { amount: 10 } }, fn)).toBe(2); // even another body: the old key is gone
    clock = new Date("2026-03-01T09:00:00.000Z");
  });

  it("a claim left in flight by a process that died is taken over after 2 minutes", async () => {
    clock = new Date("2026-03-05T09:00:00.000Z");
    const c = claim({ amount: 11 });
    const started = await beginIdempotent(h.ctx, c); // claimed, never finished
    expect(started.kind).toBe("new");
    clock = new Date("2026-03-05T09:01:00.000Z");
    const fn = counted(() => "recovered");
    await expect(runIdempotent(h.ctx, c, fn)).rejects.toMatchObject({ code: "conflict" });
    clock = new Date("2026-03-05T09:02:01.000Z");
    await expect(runIdempotent(h.ctx, c, fn)).resolves.toBe("recovered");
    await expect(runIdempotent(h.ctx, c, fn)).resolves.toBe("recovered");
    expect(fn.runs).toBe(1);
    expect(await h.ctx.db.idempotencyRecord.count({ where: { key: c.key } })).toBe(1);
    clock = new Date("2026-03-01T09:00:00.000Z");
  });

  it("ten concurrent calls with one key run the function once; the others replay or get 409", async () => {
    const c = claim({ amount: 12 });
    const fn = counted(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return "once";
    });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => runIdempotent(h.ctx, c, fn)));
    expect(fn.runs).toBe(1);
    for (const r of results) {
      if (r.status === "fulfilled") expect(r.value).toBe("once");
      else expect(r.reason).toMatchObject({ code: "conflict", status: 409 });
    }
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(1);
  });
});
