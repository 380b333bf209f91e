/**
 * Two Till servers on one PostgreSQL database: two contexts, each with its own
 * connection pool, stand for server A and server B. Background jobs run on one
 * of them at a time (JobLease), and idempotency keys and the wrong-PIN limits
 * live in the database, so they hold across both.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runIdempotent } from "@/lib/api/idempotency";
import { signIn } from "@/lib/auth/sign-in";
import { createDb } from "@/lib/db/client";
import type { Ctx } from "@/lib/context";
import { runLeasedJob } from "@/lib/jobs/run-leased-job";
import { seedDemoStore } from "@/lib/stores/seed-demo-store";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";
import { dropDatabase, freshTestDatabase } from "@/test/postgres";

let h: Harness;
let a: Ctx;
let b: Ctx;

beforeAll(async () => {
  h = await startHarness();
  a = h.ctx;
  b = { ...h.ctx, db: await createDb(h.env.DATABASE_URL) };
});
afterAll(async () => {
  await b?.db.$disconnect();
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("two servers on one database", () => {
  it("runs a leased job on one server at a time, and the other takes over after the holder stops", async () => {
    const passes: { server: "A" | "B"; start: number; end: number }[] = [];
    const job = (server: "A" | "B") => ({
      name: `two-servers-${Date.now()}`,
      everyMs: 40,
      leaseMs: 400,
      run: async () => {
        const start = Date.now();
        await sleep(15);
        passes.push({ server, start, end: Date.now() });
      },
    });
    const name = job("A").name;
    const stopA = runLeasedJob(a, { ...job("A"), name });
    const stopB = runLeasedJob(b, { ...job("B"), name });
    await sleep(700);
    const first = passes.map((p) => p.server);
    expect(first.length).toBeGreaterThan(5);
    expect(new Set(first).size).toBe(1); // one holder ran every pass
    const holder = first[0];
    // Passes never overlap across servers.
    const sorted = [...passes].sort((x, y) => x.start - y.start);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);

    const stoppedAt = Date.now();
    (holder === "A" ? stopA : stopB)();
    await sleep(1_000);
    const after = passes.filter((p) => p.start > stoppedAt + 50);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after.map((p) => p.server))).toEqual(new Set([holder === "A" ? "B" : "A"]));
    // …and only once the holder's lease had run out.
    expect(Math.min(...after.map((p) => p.start)) - stoppedAt).toBeGreaterThanOrEqual(300);
    stopA();
    stopB();
  });

  it("answers one Idempotency-Key once across servers", async () => {
    let effects = 0;
    const claim = { scope: h.cashier.storeId, route: "POST /api/v1/two-servers", key: `k-${Date.now()}`, request: { amount: 100 } };
    const effect = async () => {
      effects++;
      await sleep(50);
      return { n: effects };
    };
    const [onA, onB] = await Promise.allSettled([runIdempotent(a, claim, effect), runIdempotent(b, claim, effect)]);
    expect(effects).toBe(1);
    // The later call either replays the answer or, while the first still runs, is told so (409).
    for (const r of [onA, onB]) {
      if (r.status === "fulfilled") expect(r.value).toEqual({ n: 1 });
      else expect((r.reason as { code?: string }).code).toBe("conflict");
    }
    expect([onA, onB].some((r) => r.status === "fulfilled")).toBe(true);
    expect(await runIdempotent(b, claim, effect)).toEqual({ n: 1 });
    expect(await runIdempotent(a, claim, effect)).toEqual({ n: 1 });
    expect(effects).toBe(1);
  });

  it("counts wrong PINs across servers and locks after the fifth", async () => {
    const staff = await a.db.staff.findFirstOrThrow({ where: { role: "cashier", storeId: h.cashier.storeId } });
    const tries: unknown[] = [];
    for (const [i, server] of [a, b, a, b].entries()) {
      const error = await appErrorOf(signIn(server, { staffId: staff.id, pin: "0000", client: `ip:10.0.0.${i}` }));
      tries.push(error.extra?.tries_left);
    }
    expect(tries).toEqual([4, 3, 2, 1]);
    const fifth = await appErrorOf(signIn(b, { staffId: staff.id, pin: "0000", client: "ip:10.0.0.9" }));
    expect(fifth.code).toBe("rate_limited");
    // Locked on A as well, even with the right PIN.
    const locked = await appErrorOf(signIn(a, { staffId: staff.id, pin: h.env.TILL_SEED_CASHIER_PIN, client: "ip:10.0.0.10" }));
    expect(locked.code).toBe("rate_limited");
  });

  it("seeds one demo store when two servers start at once on an empty database", async () => {
    const empty = await freshTestDatabase();
    const [one, two] = await Promise.all([createDb(empty.url), createDb(empty.url)]);
    try {
      const env = { ...h.env, DATABASE_URL: empty.url };
      const results = await Promise.all([seedDemoStore(one, env), seedDemoStore(two, env)]);
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      expect(await one.store.count()).toBe(1);
      expect(await one.staff.count()).toBe(2);
    } finally {
      await Promise.all([one.$disconnect(), two.$disconnect()]);
      await dropDatabase(empty.name);
    }
  });
});
