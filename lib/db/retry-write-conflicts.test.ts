/**
 * On PostgreSQL two transactions that lock the same rows in opposite orders
 * deadlock, and the database aborts one of them. Till runs the loser again
 * (lib/db/retry-write-conflicts.ts): both end committed, each once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isWriteConflict } from "@/lib/errors";
import { startHarness, type Harness } from "@/test/harness";
import { TEST_DIALECT } from "@/test/postgres";
import { retryWriteConflicts, WRITE_CONFLICT_ATTEMPTS } from "./retry-write-conflicts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a transaction that loses a race", () => {
  it.runIf(TEST_DIALECT === "postgresql")("runs again after a deadlock, so both of two crossing transactions commit", async () => {
    const { db } = h.ctx;
    await db.jobLease.createMany({ data: [{ name: "deadlock-a", holder: "-", leaseUntil: new Date() }, { name: "deadlock-b", holder: "-", leaseUntil: new Date() }] });
    const runs = { ab: 0, ba: 0 };
    // Each takes one row's lock, waits until the other has taken the other row, then asks for it.
    const crossing = (first: string, second: string, key: keyof typeof runs) =>
      db.$transaction(async (tx) => {
        runs[key] += 1;
        await tx.jobLease.update({ where: { name: first }, data: { holder: { set: key } } });
        await pause(200);
        await tx.jobLease.update({ where: { name: second }, data: { holder: { set: key } } });
      });
    const results = await Promise.allSettled([crossing("deadlock-a", "deadlock-b", "ab"), crossing("deadlock-b", "deadlock-a", "ba")]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    // One of them was aborted by PostgreSQL and ran a second time.
    expect(runs.ab + runs.ba).toBe(3);
    const holders = (await db.jobLease.findMany({ where: { name: { in: ["deadlock-a", "deadlock-b"] } } })).map((l) => l.holder);
    // The rerun committed last, on both rows.
    expect(new Set(holders).size).toBe(1);
  });

  it("is not run again for any other error", async () => {
    let runs = 0;
    const fake = { $transaction: (fn: () => Promise<unknown>) => fn() };
    const db = retryWriteConflicts(fake, () => Promise.resolve());
    await expect(
      db.$transaction(() => {
        runs += 1;
        return Promise.reject(Object.assign(new Error("unique"), { code: "P2002" }));
      }),
    ).rejects.toThrow("unique");
    expect(runs).toBe(1);
  });

  it("gives up after a bounded number of attempts, with the database's error", async () => {
    let runs = 0;
    const fake = { $transaction: (fn: () => Promise<unknown>) => fn() };
    const db = retryWriteConflicts(fake, () => Promise.resolve());
    const conflict = Object.assign(new Error("write conflict"), { code: "P2034" });
    await expect(
      db.$transaction(() => {
        runs += 1;
        return Promise.reject(conflict);
      }),
    ).rejects.toBe(conflict);
    expect(runs).toBe(WRITE_CONFLICT_ATTEMPTS);
  });

  it("recognises PostgreSQL's deadlock and serialization failures by their codes, also from raw SQL", () => {
    const raw = (originalCode: string) => ({ code: "P2010", meta: { driverAdapterError: { cause: { originalCode } } } });
    expect(isWriteConflict({ code: "P2034" })).toBe(true);
    expect(isWriteConflict(raw("40P01"))).toBe(true);
    expect(isWriteConflict(raw("40001"))).toBe(true);
    expect(isWriteConflict(raw("23505"))).toBe(false);
    expect(isWriteConflict({ code: "P2002" })).toBe(false);
    expect(isWriteConflict(null)).toBe(false);
  });
});
