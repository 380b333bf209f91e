/**
 * `npx tsx scripts/bench/statement-reuse.ts` — what reusing compiled statements
 * buys one query path, in process, without HTTP: reads of one order with its
 * items, charge, payments and refunds (`loadOrder`, five statements) and of an
 * API key by its hash, through Till's connection (createDb: statements reused)
 * and, as the baseline in the same run, through the plain Prisma adapter on a
 * copy of the same file, in alternating rounds. For scale, the same six reads
 * as hand-written SELECTs on Till's raw connection (lib/db/bulk-sql.ts), with
 * no Prisma at all. Needs a database with orders:
 * run `npm run bench:api` first (it leaves data/bench-api/till.db).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bulkSql, createDb, type Db } from "@/lib/db/client";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { loadOrder } from "@/lib/orders/load-order";

const SOURCE = process.env.BENCH_DB ?? "data/bench-api/till.db";
const ROUNDS = 6;
const READS = 1000;

async function main() {
  if (!existsSync(SOURCE)) throw new Error(`${SOURCE} is missing: run npm run bench:api first`);
  const dir = mkdtempSync(path.join(tmpdir(), "till-reuse-bench-"));
  for (const name of ["reusing.db", "plain.db"]) copyFileSync(SOURCE, path.join(dir, name));
  const reusing = await createDb(`file:${path.join(dir, "reusing.db")}`);
  const plain = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: path.join(dir, "plain.db") }) });
  await plain.$executeRawUnsafe("PRAGMA journal_mode = WAL");
  try {
    const orders = await plain.order.findMany({ select: { id: true, storeId: true }, take: 100 });
    const key = (await plain.apiKey.findFirstOrThrow()).keyHash;
    const run = async (db: Db) => {
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
        await bulkSql(reusing).read((sql) => {
          sql.all(`SELECT * FROM "ApiKey" WHERE "keyHash" = ?`, [key]);
          sql.all(`SELECT * FROM "Order" WHERE "id" = ? AND "storeId" = ?`, [o.id, o.storeId]);
          sql.all(`SELECT * FROM "OrderItem" WHERE "orderId" = ? ORDER BY "position"`, [o.id]);
          sql.all(`SELECT * FROM "Charge" WHERE "orderId" = ?`, [o.id]);
          sql.all(`SELECT * FROM "Payment" WHERE "orderId" = ? ORDER BY "paidAt"`, [o.id]);
          return sql.all(`SELECT * FROM "Refund" WHERE "orderId" = ? ORDER BY "createdAt"`, [o.id]);
        });
      }
      return (performance.now() - t) / READS;
    };
    await run(reusing);
    await run(plain);
    await runRaw();
    const times = { reusing: [] as number[], plain: [] as number[], raw: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      times.plain.push(await run(plain));
      times.reusing.push(await run(reusing));
      times.raw.push(await runRaw());
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    const [p, q] = [median(times.plain), median(times.reusing)];
    console.log(`key + loadOrder (6 statements), median of ${ROUNDS} rounds of ${READS}:`);
    console.log(`  plain adapter (baseline)   ${(p * 1000).toFixed(0)} µs a read`);
    console.log(`  statements reused          ${(q * 1000).toFixed(0)} µs a read`);
    console.log(`  ratio ${(p / q).toFixed(2)}× as many reads a second`);
    console.log(`  for scale, the six SELECTs by hand on the raw connection: ${(median(times.raw) * 1000).toFixed(0)} µs a read`);
  } finally {
    await reusing.$disconnect();
    await plain.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
