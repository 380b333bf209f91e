/**
 * `npx tsx scripts/bench/prisma-cost.ts` — where a read's database time goes,
 * in process, without HTTP: an API key by its hash and one order with its
 * items, charge, payments and refunds, six statements, through Till's
 * connection and Prisma's client (`include: orderInclude`), through
 * `loadOrder` (which reads the order by hand since Prisma cost ~1 ms here),
 * and as hand-written SELECTs on the same raw connection (lib/db/bulk-sql.ts),
 * in alternating rounds. Needs a database with orders: run `npm run bench:api`
 * first (it leaves data/bench-api/till.db).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bulkSql, createDb } from "@/lib/db/client";
import { loadOrder, orderInclude } from "@/lib/orders/load-order";
import { runScript } from "./bench-server";

const SOURCE = process.env.BENCH_DB ?? "data/bench-api/till.db";
const ROUNDS = 6;
const READS = 1000;

async function main() {
  if (!existsSync(SOURCE)) throw new Error(`${SOURCE} is missing: run npm run bench:api first`);
  const dir = mkdtempSync(path.join(tmpdir(), "till-prisma-cost-"));
  copyFileSync(SOURCE, path.join(dir, "till.db"));
  const db = await createDb(`file:${path.join(dir, "till.db")}`);
  try {
    const orders = await db.order.findMany({ select: { id: true, storeId: true }, take: 100 });
    const key = (await db.apiKey.findFirstOrThrow()).keyHash;
    const run = async () => {
      const t = performance.now();
      for (let i = 0; i < READS; i++) {
        const o = orders[i % orders.length]!;
        await db.apiKey.findUnique({ where: { keyHash: key } });
        await db.order.findUnique({ where: { id: o.id, storeId: o.storeId }, include: orderInclude });
      }
      return (performance.now() - t) / READS;
    };
    const runLoadOrder = async () => {
      const t = performance.now();
      for (let i = 0; i < READS; i++) {
        const o = orders[i % orders.length]!;
        await db.apiKey.findUnique({ where: { keyHash: key } });
        await loadOrder(db, o.storeId, o.id);
      }
      return (performance.now() - t) / READS;
    };
    const runRaw = async () => {
      const t = performance.now();
      for (let i = 0; i < READS; i++) {
        const o = orders[i % orders.length]!;
        await bulkSql(db).read(async (sql) => {
          await sql.all(`SELECT * FROM "ApiKey" WHERE "keyHash" = ?`, [key]);
          await sql.all(`SELECT * FROM "Order" WHERE "id" = ? AND "storeId" = ?`, [o.id, o.storeId]);
          await sql.all(`SELECT * FROM "OrderItem" WHERE "orderId" = ? ORDER BY "position"`, [o.id]);
          await sql.all(`SELECT * FROM "Charge" WHERE "orderId" = ?`, [o.id]);
          await sql.all(`SELECT * FROM "Payment" WHERE "orderId" = ? ORDER BY "paidAt"`, [o.id]);
          return sql.all(`SELECT * FROM "Refund" WHERE "orderId" = ? ORDER BY "createdAt"`, [o.id]);
        });
      }
      return (performance.now() - t) / READS;
    };
    await run();
    await runLoadOrder();
    await runRaw();
    const times = { prisma: [] as number[], loadOrder: [] as number[], raw: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      times.prisma.push(await run());
      times.loadOrder.push(await runLoadOrder());
      times.raw.push(await runRaw());
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    const [p, l, q] = [median(times.prisma), median(times.loadOrder), median(times.raw)];
    console.log(`a key and an order with its rows (6 statements), median of ${ROUNDS} rounds of ${READS}:`);
    console.log(`  Prisma's client on Till's connection   ${(p * 1000).toFixed(0)} µs a read`);
    console.log(`  the key by Prisma, then loadOrder      ${(l * 1000).toFixed(0)} µs a read`);
    console.log(`  the six SELECTs by hand (baseline)     ${(q * 1000).toFixed(0)} µs a read`);
    console.log(`  ratio ${(p / q).toFixed(1)}× the time`);
  } finally {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

runScript(main);
