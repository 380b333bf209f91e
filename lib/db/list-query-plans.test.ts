/**
 * The order and discrepancy lists are served by indexes: for every filter
 * combination the API allows, every statement a list call sends (captured from
 * Prisma's query log, the raw one included) is explained by SQLite on a real
 * file holding a few thousand rows across two stores, and no step may sort in a
 * temporary B-tree or scan a table or a whole index. Paging through every page
 * returns every row exactly once, newest first, ties on "createdAt" included.
 *
 * The plans are checked twice: on the file as Till runs it (Till never runs
 * ANALYZE, so SQLite plans without statistics) and after ANALYZE (statistics
 * can make SQLite prefer another index, or a scan, for the same statement).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { listOrders } from "@/lib/orders/list-orders";
import { loadOrder } from "@/lib/orders/load-order";
import { ORDER_STATUSES } from "@/lib/orders/order-status";
import { listDiscrepancies } from "@/lib/reconciliation/list-discrepancies";
import { DISCREPANCY_TYPES } from "@/lib/reconciliation/open-discrepancy";
import { migrate } from "./migrate";

const STORES = { A: "sto_A0000000000000000000000000", B: "sto_B0000000000000000000000000" };
const ORDERS_PER_STORE = { A: 2400, B: 1200 };
const DISCREPANCIES_PER_STORE = { A: 2000, B: 1000 };
const PAGE = 9; // odd, so pages end inside groups of orders made in the same millisecond
const T0 = Date.parse("2026-11-01T08:00:00.000Z");

type Statement = { query: string; params: unknown[] };
type SeededOrder = { id: string; storeId: string; status: string; createdAt: number };
type SeededDiscrepancy = { id: string; storeId: string; status: string; type: string; orderId: string | null };

let dir: string;
let sqlite: Database.Database;
let db: PrismaClient<"query">;
let ctx: Ctx;
const sent: Statement[] = [];
const orders: SeededOrder[] = [];
const discrepancies: SeededDiscrepancy[] = [];

/** A small seeded generator, so that a failure can be reproduced. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const random = generator(7);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** A ULID-shaped id whose order has nothing to do with time: ties on "createdAt" must be broken by the id alone. */
const randomId = (prefix: string) => `${prefix}_${Array.from({ length: 26 }, () => pick([...CROCKFORD])).join("")}`;
/** A Date as the SQLite adapter stores it. */
const stored = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "till-plans-"));
  const dbPath = path.join(dir, "till.db");
  migrate(dbPath);
  sqlite = new Database(dbPath);
  seed();
  db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: dbPath }), log: [{ emit: "event", level: "query" }] });
  db.$on("query", (event) => sent.push({ query: event.query, params: JSON.parse(event.params) as unknown[] }));
  // The list use cases read ctx.db only.
  ctx = { db, now: () => new Date() } as unknown as Ctx;
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  sqlite?.close();
  rmSync(dir, { recursive: true, force: true });
});

function seed() {
  const insertOrder = sqlite.prepare(
    `INSERT INTO "Order" ("id", "storeId", "terminalId", "reference", "providerRef", "status", "amount", "currency", "expiresAt", "createdAt", "createdBy")
     VALUES (?, ?, ?, ?, ?, ?, 100, 'CNY', ?, ?, 'system')`,
  );
  const insertItem = sqlite.prepare(`INSERT INTO "OrderItem" ("id", "orderId", "name", "unitAmount", "quantity", "position") VALUES (?, ?, ?, 50, 1, ?)`);
  const insertDiscrepancy = sqlite.prepare(
    `INSERT INTO "Discrepancy" ("id", "storeId", "type", "status", "dedupeKey", "orderId", "currency", "detectedAt") VALUES (?, ?, ?, ?, ?, ?, 'CNY', ?)`,
  );
  sqlite.transaction(() => {
    for (const [key, storeId] of Object.entries(STORES)) {
      const terminalId = `trm_${key}0000000000000000000000000`;
      sqlite.prepare(`INSERT INTO "Store" ("id", "name") VALUES (?, ?)`).run(storeId, `Store ${key}`);
      sqlite.prepare(`INSERT INTO "Terminal" ("id", "storeId", "code", "name") VALUES (?, ?, 'T1', 'Counter')`).run(terminalId, storeId);
      let at = T0;
      const count = ORDERS_PER_STORE[key as keyof typeof STORES];
      for (let n = 1; n <= count; n += 1) {
        // Two orders in three share their millisecond with the one before.
        if (random() < 0.35) at += 1 + Math.floor(random() * 5_000);
        const order = { id: randomId("ord"), storeId, status: pick(ORDER_STATUSES), createdAt: at };
        orders.push(order);
        insertOrder.run(order.id, storeId, terminalId, `T1-${String(n).padStart(6, "0")}`, randomId("ref").slice(4), order.status, stored(at + 300_000), stored(at));
        insertItem.run(randomId("itm"), order.id, "Latte", 0);
      }
      const storeOrders = orders.filter((o) => o.storeId === storeId);
      const dCount = DISCREPANCIES_PER_STORE[key as keyof typeof STORES];
      for (let n = 0; n < dCount; n += 1) {
        // ids that sort by time, as newId("dis") makes them; a few orders collect many findings
        const id = `dis_${(T0 + n * 1_000).toString(32).toUpperCase().padStart(10, "0")}${randomId("x").slice(2, 18)}`;
        const orderId = random() < 0.2 ? null : random() < 0.1 ? storeOrders[0]!.id : pick(storeOrders).id;
        const d = { id, storeId, status: random() < 0.3 ? "open" : "resolved", type: pick(DISCREPANCY_TYPES), orderId };
        discrepancies.push(d);
        insertDiscrepancy.run(d.id, storeId, d.type, d.status, `${storeId}:${n}`, orderId, stored(T0 + n * 1_000));
      }
    }
  })();
}

/** The steps of SQLite's plan for a statement Prisma sent, with the parameters it sent. */
function planOf(statement: Statement): string[] {
  const params = statement.params.map((p) => (typeof p === "boolean" ? Number(p) : p));
  return (sqlite.prepare(`EXPLAIN QUERY PLAN ${statement.query}`).all(...params) as { detail: string }[]).map((row) => row.detail);
}

/** Every statement sent while `fn` ran whose plan sorts in a temporary B-tree, scans, or uses no index at all. */
async function unindexedStatements(fn: () => Promise<unknown>): Promise<{ statements: number; problems: string[] }> {
  const from = sent.length;
  await fn();
  const statements = sent.slice(from);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const statement of statements) {
    const key = JSON.stringify(statement);
    if (seen.has(key)) continue;
    seen.add(key);
    const plan = planOf(statement);
    const bad = plan.filter((step) => /TEMP B-TREE/.test(step) || /^SCAN\b/.test(step));
    if (bad.length > 0 || !plan.some((step) => /^SEARCH .* USING (COVERING )?INDEX/.test(step) || /USING INTEGER PRIMARY KEY/.test(step))) {
      problems.push(`${statement.query}\n  params ${JSON.stringify(statement.params)}\n  plan: ${plan.join(" | ")}`);
    }
  }
  return { statements: statements.length, problems };
}

const newestFirst = (a: SeededOrder, b: SeededOrder) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Every page of a list, following next_cursor from the first page to the last. */
async function allPages<T extends { id: string }>(list: (cursor?: string) => Promise<{ data: T[]; nextCursor: string | null }>): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await list(cursor);
    pages.push(page.data.map((row) => row.id));
    if (page.nextCursor === null) return pages;
    expect(page.data).toHaveLength(PAGE);
    cursor = page.nextCursor;
    if (pages.length > 10_000) throw new Error("the cursor never ends");
  }
}

/** About the middle of the seeded orders' times, as a client in UTC and one in UTC+8 write it. */
const SINCE = T0 + 1_000_000;
const ORDER_FILTERS = [
  {},
  { status: "paid" },
  { since: new Date(SINCE).toISOString() },
  { status: "expired", since: new Date(SINCE + 8 * 3_600_000).toISOString().replace("Z", "+08:00") },
] as { status?: string; since?: string }[];

/** Every combination of the discrepancy filters; `byOrder` filters by the order with the most findings (known once seeded). */
const DISCREPANCY_FILTERS: { status?: string; type?: string; byOrder?: true }[] = [];
for (const status of [undefined, "resolved"])
  for (const type of [undefined, "overpaid"])
    for (const byOrder of [undefined, true] as const) DISCREPANCY_FILTERS.push({ status, type, byOrder });
const busyOrder = () => orders.find((o) => o.storeId === STORES.A)!.id;

const expectedOrders = (storeId: string, f: { status?: string; since?: string }) =>
  orders
    .filter((o) => o.storeId === storeId && (f.status === undefined || o.status === f.status) && (f.since === undefined || o.createdAt >= Date.parse(f.since)))
    .sort(newestFirst)
    .map((o) => o.id);

const expectedDiscrepancies = (storeId: string, f: { status?: string; type?: string; orderId?: string }) =>
  discrepancies
    .filter((d) => d.storeId === storeId && (f.status === undefined || d.status === f.status) && (f.type === undefined || d.type === f.type) && (f.orderId === undefined || d.orderId === f.orderId))
    .map((d) => d.id)
    .sort()
    .reverse();

describe.each([
  ["without statistics, as Till runs", false],
  ["after ANALYZE", true],
])("list queries %s", (_name, analyze) => {
  beforeAll(() => {
    if (analyze) sqlite.exec("ANALYZE");
    expect(sqlite.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'").get()).toEqual({ n: analyze ? 1 : 0 });
  });

  it.each(ORDER_FILTERS.map((f) => [JSON.stringify(f), f] as const))("orders %s: every page is an index range, and the pages hold every order once, newest first", async (_label, filter) => {
    let pages: string[][] = [];
    const { statements, problems } = await unindexedStatements(async () => {
      pages = await allPages((cursor) => listOrders(ctx, { storeId: STORES.A, ...filter, limit: PAGE, cursor }));
    });
    expect(problems).toEqual([]);
    expect(statements).toBeGreaterThanOrEqual(pages.length * 2); // the page's ids, then its orders
    const expected = expectedOrders(STORES.A, filter);
    expect(expected.length).toBeGreaterThan(PAGE * 3);
    if (filter.since) expect(expected.length).toBeLessThan(expectedOrders(STORES.A, { status: filter.status }).length);
    expect(pages.flat()).toEqual(expected);
  });

  it.each(DISCREPANCY_FILTERS.map((f) => [JSON.stringify(f), f] as const))("discrepancies %s: every page is an index range, and the pages hold every finding once, newest first", async (_label, { byOrder, ...rest }) => {
    const filter = { ...rest, orderId: byOrder ? busyOrder() : undefined };
    let pages: string[][] = [];
    const { problems } = await unindexedStatements(async () => {
      pages = await allPages((cursor) => listDiscrepancies(ctx, { storeId: STORES.A, ...filter, limit: PAGE, cursor }));
    });
    expect(problems).toEqual([]);
    const expected = expectedDiscrepancies(STORES.A, filter);
    expect(expected.length).toBeGreaterThan(filter.type && byOrder ? 0 : PAGE);
    expect(pages.flat()).toEqual(expected);
  });
});

describe("listOrders", () => {
  it("the seeded data has what the paging tests need: ties on createdAt across page ends, and ids that disagree with time", () => {
    const a = orders.filter((o) => o.storeId === STORES.A).sort(newestFirst);
    const tiesAtPageEnds = a.filter((o, i) => i % PAGE === PAGE - 1 && a[i + 1]?.createdAt === o.createdAt).length;
    expect(tiesAtPageEnds).toBeGreaterThan(10);
    const idsOutOfTimeOrder = a.filter((o, i) => i > 0 && o.id > a[i - 1]!.id).length;
    expect(idsOutOfTimeOrder).toBeGreaterThan(a.length / 4);
  });

  it("never lists another store's orders", async () => {
    const pages = await allPages((cursor) => listOrders(ctx, { storeId: STORES.B, limit: PAGE, cursor }));
    expect(pages.flat()).toEqual(expectedOrders(STORES.B, {}));
  });

  it("a listed order is the record loadOrder gives, its items in position order", async () => {
    const target = orders.find((o) => o.storeId === STORES.A)!;
    for (const position of [3, 1, 2]) await db.orderItem.create({ data: { id: randomId("itm"), orderId: target.id, name: `Item ${position}`, unitAmount: 10, quantity: 1, position } });
    const pages = await allPages((cursor) => listOrders(ctx, { storeId: STORES.A, limit: PAGE, cursor }));
    const pageWith = pages.findIndex((ids) => ids.includes(target.id));
    const fromPage = async () => {
      let cursor: string | undefined;
      for (let i = 0; ; i += 1) {
        const page = await listOrders(ctx, { storeId: STORES.A, limit: PAGE, cursor });
        if (i === pageWith) return page.data.find((o) => o.id === target.id)!;
        cursor = page.nextCursor!;
      }
    };
    const listed = await fromPage();
    expect(listed.items.map((i) => i.position)).toEqual([0, 1, 2, 3]);
    expect(listed).toEqual(await loadOrder(db, STORES.A, target.id));
  });

  it.each([
    ["not base64 of anything we give out", "xyz"],
    ["an id alone (a cursor of an older version)", Buffer.from("ord_01JD5T8Q2N9XK3M7V6W4R1ZB0C").toString("base64url")],
    ["a time that does not exist", Buffer.from("2026-02-31T10:00:00.000Z|ord_01JD5T8Q2N9XK3M7V6W4R1ZB0C").toString("base64url")],
    ["a discrepancy cursor", Buffer.from("dis_01JD5T8Q2N9XK3M7V6W4R1ZB0C").toString("base64url")],
    ["SQL", Buffer.from(`2026-11-01T08:00:00.000Z|ord_X' OR 1=1 --`).toString("base64url")],
  ])("a cursor that is %s is a 422 invalid_request naming cursor", async (_name, cursor) => {
    const error = await listOrders(ctx, { storeId: STORES.A, limit: PAGE, cursor }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(error) && { code: error.code, status: error.status, errors: error.errors }).toEqual({
      code: "invalid_request",
      status: 422,
      errors: [{ path: "cursor", message: "invalid" }],
    });
  });
});
