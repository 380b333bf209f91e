/**
 * The order and discrepancy lists are served by indexes: for every filter
 * combination the API allows, every statement a list call sends (captured from
 * Prisma's query log, the raw one included) is explained by SQLite on a real
 * file holding a few thousand rows across two stores, and no step may sort in a
 * temporary B-tree or scan a table or a whole index. Paging through every page
 * returns every row exactly once, newest first, ties on "createdAt" included.
 * The Orders screen's filters (a business day in the store's time zone, the
 * cashier, the terminal, the amount, the reference) and its one-statement summary of a
 * filter (count, received, refunded) are held to the same.
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
import type { OrderFilter } from "@/lib/orders/order-filter";
import { summarizeOrders } from "@/lib/orders/summarize-orders";
import { orderInclude } from "@/lib/orders/load-order";
import { ORDER_STATUSES } from "@/lib/orders/order-status";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { listDeliveries } from "@/lib/notifications/list-deliveries";
import { listDayDiscrepancies } from "@/lib/reconciliation/list-day-discrepancies";
import { listDiscrepancies } from "@/lib/reconciliation/list-discrepancies";
import { DISCREPANCY_TYPES } from "@/lib/reconciliation/discrepancy-types";
import { businessDayRange } from "@/lib/stores/business-day";
import { migrate } from "./migrate";

const STORES = { A: "sto_A0000000000000000000000000", B: "sto_B0000000000000000000000000" };
/**
 * A third, busier store with months of history: as in a real installation, a
 * day is a small part of the table, so that with statistics SQLite weighs an
 * index range against a scan as it would in a shop (were every row of the
 * file on the day asked for, a scan would rightly win).
 */
const HISTORY_STORE = "sto_C0000000000000000000000000";
const HISTORY_ORDERS = 20_000;
const ORDERS_PER_STORE = { A: 2400, B: 1200 };
const DISCREPANCIES_PER_STORE = { A: 2000, B: 1000 };
const PAGE = 9; // odd, so pages end inside groups of orders made in the same millisecond
const T0 = Date.parse("2026-11-01T08:00:00.000Z");
/** Who made the seeded orders: two cashiers at the counter and a register's API key. */
const CREATORS = ["staff:stf_CASHIER0000000000000000001", "staff:stf_CASHIER0000000000000000002", "api_key:key_REGISTER00000000000000001"] as const;
const AMOUNTS = [100, 500, 1175, 1800, 2350] as const;

type Statement = { query: string; params: unknown[] };
type SeededOrder = { id: string; storeId: string; terminalId: string; status: string; createdAt: number; createdBy: string; amount: number; received: number; refunded: number; reference: string };
type SeededDiscrepancy = { id: string; storeId: string; status: string; type: string; orderId: string | null };

let dir: string;
let sqlite: Database.Database;
let db: PrismaClient<"query">;
let ctx: Ctx;
const sent: Statement[] = [];
const orders: SeededOrder[] = [];
const discrepancies: SeededDiscrepancy[] = [];
type SeededAudit = { id: string; storeId: string; action: string; actor: string; createdAt: number };
const audits: SeededAudit[] = [];
const AUDIT_ACTIONS_SEEDED = ["staff.signed_in", "order.created", "payment.recorded", "access.denied"] as const;
const AUDIT_PER_STORE = { A: 1500, B: 700 };
type SeededDelivery = { id: string; accountId: string | null; outcome: string; eventType: string | null; receivedAt: number };
const deliveries: SeededDelivery[] = [];
const OUTCOMES_SEEDED = ["applied", "duplicate", "deferred", "ignored"] as const;
const TYPES_SEEDED = ["payment.succeeded", "refund.succeeded", "refund.failed"] as const;

/** A small seeded generator, so that a failure can be reproduced. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const random = generator(7);
/** The terminal of each seeded order: a generator of its own, so that the rest of the seeded data stays as it was. */
const randomTerminal = generator(11);
/** Each store's two terminals: the counter and a register. */
const terminalsOf = (key: string) => [`trm_${key}0000000000000000000000000`, `trm_${key}0000000000000000000000002`] as const;
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
    `INSERT INTO "Order" ("id", "storeId", "terminalId", "reference", "providerRef", "status", "amount", "amountReceived", "amountRefunded", "currency", "expiresAt", "createdAt", "createdBy")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'CNY', ?, ?, ?)`,
  );
  const insertItem = sqlite.prepare(`INSERT INTO "OrderItem" ("id", "orderId", "name", "unitAmount", "quantity", "position") VALUES (?, ?, ?, 50, 1, ?)`);
  const insertDiscrepancy = sqlite.prepare(
    `INSERT INTO "Discrepancy" ("id", "storeId", "type", "status", "dedupeKey", "orderId", "currency", "detectedAt") VALUES (?, ?, ?, ?, ?, ?, 'CNY', ?)`,
  );
  sqlite.transaction(() => {
    for (const [key, storeId] of Object.entries(STORES)) {
      const terminals = terminalsOf(key);
      sqlite.prepare(`INSERT INTO "Store" ("id", "name") VALUES (?, ?)`).run(storeId, `Store ${key}`);
      sqlite.prepare(`INSERT INTO "Terminal" ("id", "storeId", "code", "name") VALUES (?, ?, 'T1', 'Counter')`).run(terminals[0], storeId);
      sqlite.prepare(`INSERT INTO "Terminal" ("id", "storeId", "code", "name") VALUES (?, ?, 'T2', 'Register')`).run(terminals[1], storeId);
      let at = T0;
      const count = ORDERS_PER_STORE[key as keyof typeof STORES];
      for (let n = 1; n <= count; n += 1) {
        // Two orders in three share their millisecond with the one before; the orders
        // span about 17 hours from 08:00 UTC, across midnight in Shanghai (16:00 UTC).
        if (random() < 0.35) at += 1 + Math.floor(random() * 150_000);
        const status = pick(ORDER_STATUSES);
        const amount = pick(AMOUNTS);
        // Paid and refunded orders received their amount; a few ended ones received a late payment.
        const received = status === "paid" || status === "refunded" || random() < 0.1 ? amount : 0;
        // One order in four is made at the register.
        const terminalId = randomTerminal() < 0.25 ? terminals[1] : terminals[0];
        const order = { id: randomId("ord"), storeId, terminalId, status, createdAt: at, createdBy: pick(CREATORS), amount, received, refunded: status === "refunded" ? amount : 0, reference: `T1-${String(n).padStart(6, "0")}` };
        orders.push(order);
        insertOrder.run(order.id, storeId, terminalId, order.reference, randomId("ref").slice(4), order.status, amount, received, order.refunded, stored(at + 300_000), stored(at), order.createdBy);
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
    const insertAudit = sqlite.prepare(
      `INSERT INTO "AuditEvent" ("id", "storeId", "actor", "action", "entityType", "entityId", "terminalId", "createdAt") VALUES (?, ?, ?, ?, 'order', 'x', NULL, ?)`,
    );
    for (const [key, storeId] of Object.entries(STORES)) {
      let at = T0;
      for (let n = 0; n < AUDIT_PER_STORE[key as keyof typeof STORES]; n += 1) {
        // Some entries share their millisecond: the id alone orders them.
        if (random() < 0.5) at += 1 + Math.floor(random() * 200_000);
        const audit = { id: randomId("aud"), storeId, action: pick(AUDIT_ACTIONS_SEEDED), actor: pick(CREATORS), createdAt: at };
        audits.push(audit);
        insertAudit.run(audit.id, storeId, audit.actor, audit.action, stored(at));
      }
    }
    // Each store's own provider account; a rejected attempt belongs to no account.
    const insertDelivery = sqlite.prepare(
      `INSERT INTO "WebhookDelivery" ("id", "accountId", "provider", "eventId", "eventType", "rawBody", "headers", "receivedAt", "verified", "outcome", "lastSeenAt") VALUES (?, ?, 'sandbox', ?, ?, '{}', '{}', ?, ?, ?, ?)`,
    );
    for (const [key, storeId] of Object.entries(STORES)) {
      sqlite.prepare(`INSERT INTO "ProviderAccount" ("id", "storeId", "kind", "name", "baseUrl", "apiKey", "webhookSecret") VALUES (?, ?, 'sandbox', 'Sandbox Pay', 'http://x', 'k', 's')`).run(`pa_${key}`, storeId);
      sqlite.prepare(`INSERT INTO "ProviderConnection" ("id", "storeId", "accountId", "name") VALUES (?, ?, ?, 'Sandbox Pay')`).run(`pc_${key}`, storeId, `pa_${key}`);
    }
    // An installation of many shops, as the statistics of a real file would show: a store's connections are a few rows of many.
    for (let n = 0; n < 300; n += 1) {
      const other = `sto_X${String(n).padStart(25, "0")}`;
      sqlite.prepare(`INSERT INTO "Store" ("id", "name") VALUES (?, 'Another shop')`).run(other);
      sqlite.prepare(`INSERT INTO "ProviderAccount" ("id", "storeId", "kind", "name", "baseUrl", "apiKey", "webhookSecret") VALUES (?, ?, 'sandbox', 'Sandbox Pay', 'http://x', 'k', 's')`).run(`pa_X${n}`, other);
      sqlite.prepare(`INSERT INTO "ProviderConnection" ("id", "storeId", "accountId", "name") VALUES (?, ?, ?, 'Sandbox Pay')`).run(`pc_X${n}`, other, `pa_X${n}`);
    }
    let received = T0;
    for (let n = 0; n < 2500; n += 1) {
      if (random() < 0.5) received += 1 + Math.floor(random() * 150_000);
      const rejected = random() < 0.1;
      const d = {
        id: randomId("whd"),
        accountId: rejected ? null : random() < 0.6 ? "pa_A" : "pa_B",
        outcome: rejected ? "rejected" : pick(OUTCOMES_SEEDED),
        eventType: rejected ? null : pick(TYPES_SEEDED),
        receivedAt: received,
      };
      deliveries.push(d);
      insertDelivery.run(d.id, d.accountId, rejected ? null : randomId("evt"), d.eventType, stored(received), rejected ? 0 : 1, d.outcome, stored(received));
    }
    sqlite.prepare(`INSERT INTO "Store" ("id", "name") VALUES (?, 'Store C')`).run(HISTORY_STORE);
    sqlite.prepare(`INSERT INTO "Terminal" ("id", "storeId", "code", "name") VALUES ('trm_C0000000000000000000000000', ?, 'T1', 'Counter')`).run(HISTORY_STORE);
    for (let n = 1; n <= HISTORY_ORDERS; n += 1) {
      const at = T0 - 120 * 86_400_000 + n * 600_000;
      const amount = pick(AMOUNTS);
      insertOrder.run(randomId("ord"), HISTORY_STORE, "trm_C0000000000000000000000000", `T1-${String(n).padStart(6, "0")}`, randomId("ref").slice(4), pick(ORDER_STATUSES), amount, amount, 0, stored(at + 300_000), stored(at), pick(CREATORS));
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

/**
 * Whether every filtering statement on "Order" sent by `fn` (a page's ids, a
 * summary) seeks its index on the filter's most telling column: an index
 * range on "storeId" alone, with the filter checked row by row, is index-served
 * too, but walks the whole store; a filter must narrow the range itself.
 */
async function seeksOn(fn: () => Promise<unknown>, filter: ScreenFilter): Promise<string[]> {
  const from = sent.length;
  await fn();
  const wanted = [
    filter.reference !== undefined && "reference",
    filter.amount !== undefined && "amount",
    filter.createdBy !== undefined && "createdBy",
    filter.terminalId !== undefined && "terminalId",
    filter.status !== undefined && "status",
  ].filter(
    (column): column is string => typeof column === "string",
  );
  const problems: string[] = [];
  for (const statement of sent.slice(from).filter((st) => /^SELECT (COUNT\(\*\)|"id") .*FROM "Order" WHERE/.test(st.query))) {
    const plan = planOf(statement);
    const seek = plan.map((step) => /^SEARCH Order USING (?:COVERING )?INDEX \S+ \((.*)\)$/.exec(step)?.[1]).find((s) => s !== undefined) ?? "";
    // With a day, the index then seeks on its range too.
    // One of the filter's equalities (any: with statistics SQLite picks the narrowest), then the day's range, if any (a reference is one order).
    const equality = wanted.length === 0 || wanted.some((column) => new RegExp(`\\b${column}=\\?`).test(seek));
    const day = filter.createdFrom === undefined || filter.reference !== undefined || /\bcreatedAt>\?/.test(seek);
    if (!equality || !day) problems.push(`${statement.query}\n  seeks on (${seek}), wanted one of ${wanted.join(", ") || "-"}${filter.createdFrom ? " and createdAt" : ""}\n  plan: ${plan.join(" | ")}`);
  }
  return problems;
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
const DAY_DISCREPANCY_FILTERS: { status?: string; type?: string }[] = [{}, { status: "open" }, { type: "overpaid" }, { status: "resolved", type: "overpaid" }];
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

/** The Orders screen's filters: a business day (2026-11-01 in Shanghai ends at 16:00 UTC, in UTC at midnight), cashier, amount, reference. */
type ScreenFilter = Omit<OrderFilter, "storeId" | "since">;
const dayIn = (timeZone: string): ScreenFilter => {
  const { start, end } = businessDayRange("2026-11-01", timeZone);
  return { createdFrom: start, createdBefore: end };
};
const referenceOf = (n: number) => `T1-${String(n).padStart(6, "0")}`;
const SCREEN_FILTERS: [string, () => ScreenFilter][] = [
  ["a day in Shanghai", () => dayIn("Asia/Shanghai")],
  ["a day in UTC", () => dayIn("UTC")],
  ["a day in Shanghai and a status", () => ({ ...dayIn("Asia/Shanghai"), status: "paid" })],
  ["a cashier", () => ({ createdBy: CREATORS[1] })],
  ["a day in Shanghai and a cashier", () => ({ ...dayIn("Asia/Shanghai"), createdBy: CREATORS[0] })],
  ["a day in UTC, a status and a cashier", () => ({ ...dayIn("UTC"), status: "cancelled", createdBy: CREATORS[2] })],
  ["an amount", () => ({ amount: 2350 })],
  ["a day in UTC and an amount", () => ({ ...dayIn("UTC"), amount: 1175 })],
  ["a day in Shanghai, a cashier and an amount", () => ({ ...dayIn("Asia/Shanghai"), createdBy: CREATORS[0], amount: 1800 })],
  ["a day in UTC, a status and an amount", () => ({ ...dayIn("UTC"), status: "expired", amount: 500 })],
  ["a terminal", () => ({ terminalId: terminalsOf("A")[1] })],
  ["a day in Shanghai and a terminal", () => ({ ...dayIn("Asia/Shanghai"), terminalId: terminalsOf("A")[1] })],
  ["a day in UTC, a status and a terminal", () => ({ ...dayIn("UTC"), status: "paid", terminalId: terminalsOf("A")[0] })],
  ["a day in Shanghai, a terminal and a cashier", () => ({ ...dayIn("Asia/Shanghai"), terminalId: terminalsOf("A")[0], createdBy: CREATORS[2] })],
  ["a day in UTC, a terminal and an amount", () => ({ ...dayIn("UTC"), terminalId: terminalsOf("A")[1], amount: 1175 })],
  ["a reference", () => ({ reference: referenceOf(777) })],
  ["a reference and its order's status", () => ({ reference: referenceOf(777), status: orders.find((o) => o.storeId === STORES.A && o.reference === referenceOf(777))!.status })],
  ["a reference and a day", () => ({ reference: referenceOf(5), ...dayIn("Asia/Shanghai") })],
];

const matchesScreen = (o: SeededOrder, f: ScreenFilter) =>
  (f.status === undefined || o.status === f.status) &&
  (f.createdBy === undefined || o.createdBy === f.createdBy) &&
  (f.terminalId === undefined || o.terminalId === f.terminalId) &&
  (f.amount === undefined || o.amount === f.amount) &&
  (f.reference === undefined || o.reference === f.reference) &&
  (f.createdFrom === undefined || o.createdAt >= f.createdFrom.getTime()) &&
  (f.createdBefore === undefined || o.createdAt < f.createdBefore.getTime());
const expectedScreen = (storeId: string, f: ScreenFilter) => orders.filter((o) => o.storeId === storeId && matchesScreen(o, f)).sort(newestFirst);

/** The audit log's filters: an action, who, business days, and combinations. */
const AUDIT_FILTERS: [string, () => { action?: string; actor?: string; from?: string; to?: string }][] = [
  ["nothing", () => ({})],
  ["an action", () => ({ action: "order.created" })],
  ["who", () => ({ actor: CREATORS[0] })],
  ["an action and who", () => ({ action: "staff.signed_in", actor: CREATORS[2] })],
  ["days", () => ({ from: "2026-11-02", to: "2026-11-03" })],
  ["an action from a day on", () => ({ action: "payment.recorded", from: "2026-11-02" })],
];

/** The inbox's filters: outcome, type, business days. */
const INBOX_FILTERS: [string, { outcome?: string; type?: string; from?: string; to?: string }][] = [
  ["nothing", {}],
  ["an outcome", { outcome: "applied" }],
  ["the rejected attempts", { outcome: "rejected" }],
  ["a type", { type: "refund.succeeded" }],
  ["days", { from: "2026-11-02", to: "2026-11-03" }],
  ["an outcome and a day on", { outcome: "deferred", from: "2026-11-02" }],
];

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

  it.each(SCREEN_FILTERS)("orders by %s: every page is an index range, and the pages hold every matching order once, newest first", async (_label, filterOf) => {
    const filter = filterOf();
    let pages: string[][] = [];
    const { statements, problems } = await unindexedStatements(async () => {
      pages = await allPages((cursor) => listOrders(ctx, { storeId: STORES.A, ...filter, limit: PAGE, cursor }));
    });
    expect(problems).toEqual([]);
    expect(statements).toBeGreaterThanOrEqual(pages.length * 2);
    const expected = expectedScreen(STORES.A, filter).map((o) => o.id);
    expect(expected.length).toBeGreaterThan(filter.reference ? 0 : PAGE * 3);
    expect(pages.flat()).toEqual(expected);
    expect(await seeksOn(() => listOrders(ctx, { storeId: STORES.A, ...filter, limit: PAGE }), filter)).toEqual([]);
  });

  it.each(SCREEN_FILTERS)("the summary of orders by %s is one index-served statement with their count, received and refunded", async (_label, filterOf) => {
    const filter = filterOf();
    let summary: Awaited<ReturnType<typeof summarizeOrders>> | undefined;
    const { statements, problems } = await unindexedStatements(async () => {
      summary = await summarizeOrders(ctx, { storeId: STORES.A, ...filter });
    });
    expect(problems).toEqual([]);
    expect(statements).toBe(1);
    const expected = expectedScreen(STORES.A, filter);
    expect(summary).toEqual({
      count: expected.length,
      received: expected.reduce((sum, o) => sum + o.received, 0),
      refunded: expected.reduce((sum, o) => sum + o.refunded, 0),
    });
    expect(await seeksOn(() => summarizeOrders(ctx, { storeId: STORES.A, ...filter }), filter)).toEqual([]);
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

  it.each(DAY_DISCREPANCY_FILTERS.map((f) => [JSON.stringify(f), f] as const))("the day's discrepancies %s: every page is an index range, and the pages hold every finding of the span once, newest first", async (_label, filter) => {
    const start = new Date(T0 + 400_000);
    const end = new Date(T0 + 1_400_000);
    let pages: string[][] = [];
    const { problems } = await unindexedStatements(async () => {
      pages = await allPages((cursor) => listDayDiscrepancies(ctx, { storeId: STORES.A, start, end, ...filter, limit: PAGE, cursor }));
    });
    expect(problems).toEqual([]);
    // Seeded one second apart from T0: the n-th finding is in the span when 400 ≤ n < 1400.
    const inSpan = new Set(discrepancies.filter((d) => d.storeId === STORES.A).filter((_d, n) => n >= 400 && n < 1400).map((d) => d.id));
    const expected = expectedDiscrepancies(STORES.A, filter).filter((id) => inSpan.has(id));
    expect(expected.length).toBeGreaterThan(PAGE);
    expect(pages.flat()).toEqual(expected);
  });

  it.each(AUDIT_FILTERS)("the audit log by %s: every page is an index range seeking the filter, and the pages hold every entry once, newest first", async (_label, filterOf) => {
    const filter = filterOf();
    let pages: string[][] = [];
    const from = sent.length;
    const { problems } = await unindexedStatements(async () => {
      pages = await allPages((cursor) => listAuditEvents(ctx, { storeId: STORES.A, timeZone: "Asia/Shanghai", ...filter, limit: PAGE, cursor }));
    });
    expect(problems).toEqual([]);
    // The page's ids seek on the filter's equality (not on "storeId" alone), and on the time range when there is one.
    for (const statement of sent.slice(from).filter((st) => /^SELECT "id" FROM "AuditEvent"/.test(st.query))) {
      const seek = planOf(statement).map((step) => /^SEARCH AuditEvent USING (?:COVERING )?INDEX \S+ \((.*)\)$/.exec(step)?.[1]).find((x) => x !== undefined) ?? "";
      if (filter.action || filter.actor) expect(seek).toMatch(filter.action ? /action=\?|actor=\?/ : /actor=\?/);
      if (filter.from && !filter.action && !filter.actor) expect(seek).toMatch(/createdAt>\?/);
    }
    const range = {
      start: filter.from ? businessDayRange(filter.from, "Asia/Shanghai").start.getTime() : -Infinity,
      end: filter.to ? businessDayRange(filter.to, "Asia/Shanghai").end.getTime() : Infinity,
    };
    const expected = audits
      .filter((a) => a.storeId === STORES.A && (!filter.action || a.action === filter.action) && (!filter.actor || a.actor === filter.actor) && a.createdAt >= range.start && a.createdAt < range.end)
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((a) => a.id);
    expect(expected.length).toBeGreaterThan(PAGE * 2);
    expect(pages.flat()).toEqual(expected);
  });

  it.each(INBOX_FILTERS)("the notification inbox by %s: every page is an index range, and the pages hold every delivery of the store once, newest first", async (_label, filter) => {
    let pages: string[][] = [];
    const from = sent.length;
    const { problems } = await unindexedStatements(async () => {
      pages = await allPages((cursor) => listDeliveries(ctx, { storeId: STORES.A, timeZone: "Asia/Shanghai", ...filter, limit: PAGE, cursor }));
    });
    expect(problems).toEqual([]);
    for (const statement of sent.slice(from).filter((st) => /^SELECT "id" FROM "WebhookDelivery"/.test(st.query))) {
      const seek = planOf(statement).map((step) => /^SEARCH WebhookDelivery USING (?:COVERING )?INDEX \S+ \((.*)\)$/.exec(step)?.[1]).find((x) => x !== undefined) ?? "";
      expect(seek).toMatch(/provider=\?/);
      if (filter.outcome) expect(seek).toMatch(/outcome=\?/);
      if (filter.type) expect(seek).toMatch(/eventType=\?/);
    }
    const range = {
      start: filter.from ? businessDayRange(filter.from, "Asia/Shanghai").start.getTime() : -Infinity,
      end: filter.to ? businessDayRange(filter.to, "Asia/Shanghai").end.getTime() : Infinity,
    };
    const expected = deliveries
      .filter((d) => (d.accountId === "pa_A" || d.accountId === null) && (!filter.outcome || d.outcome === filter.outcome) && (!filter.type || d.eventType === filter.type) && d.receivedAt >= range.start && d.receivedAt < range.end)
      .sort((a, b) => b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((d) => d.id);
    expect(expected.length).toBeGreaterThan(PAGE * 2);
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

  it("the seeded data has what the filter tests need: orders on both sides of midnight in Shanghai, and a Shanghai day that is not the UTC day", () => {
    const a = orders.filter((o) => o.storeId === STORES.A);
    const shanghai = expectedScreen(STORES.A, dayIn("Asia/Shanghai"));
    const utc = expectedScreen(STORES.A, dayIn("UTC"));
    expect(shanghai.length).toBeGreaterThan(PAGE * 3);
    expect(utc.length).toBeGreaterThan(shanghai.length);
    expect(a.length).toBeGreaterThan(utc.length);
    // 2026-11-01 in Shanghai ends at 16:00 UTC: the orders after it are on 2026-11-02 there, still on 2026-11-01 in UTC.
    expect(Math.max(...shanghai.map((o) => o.createdAt))).toBeLessThan(Date.parse("2026-11-01T16:00:00.000Z"));
    expect(utc.some((o) => o.createdAt >= Date.parse("2026-11-01T16:00:00.000Z"))).toBe(true);
    for (const creator of CREATORS) expect(a.filter((o) => o.createdBy === creator).length).toBeGreaterThan(PAGE * 3);
    for (const terminal of terminalsOf("A")) expect(a.filter((o) => o.terminalId === terminal).length).toBeGreaterThan(PAGE * 3);
  });

  it("a filter never reaches another store's orders: the same reference, cashier and amount in store B", async () => {
    for (const filter of [{ reference: referenceOf(777) }, { createdBy: CREATORS[0], amount: 2350 }, dayIn("Asia/Shanghai"), { terminalId: terminalsOf("B")[1] }]) {
      const pages = await allPages((cursor) => listOrders(ctx, { storeId: STORES.B, ...filter, limit: PAGE, cursor }));
      const expected = expectedScreen(STORES.B, filter).map((o) => o.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(pages.flat()).toEqual(expected);
      expect((await summarizeOrders(ctx, { storeId: STORES.B, ...filter })).count).toBe(expected.length);
    }
  });

  it("never lists another store's orders", async () => {
    const pages = await allPages((cursor) => listOrders(ctx, { storeId: STORES.B, limit: PAGE, cursor }));
    expect(pages.flat()).toEqual(expectedOrders(STORES.B, {}));
  });

  it("a listed order is the record loadOrder gives (orderInclude), its items in position order", async () => {
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
    // The record of `orderInclude`, which loadOrder reads by hand (lib/orders/load-order.test.ts proves the two equal).
    expect(listed).toEqual(await db.order.findUniqueOrThrow({ where: { id: target.id }, include: orderInclude }));
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
