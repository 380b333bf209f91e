import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma-pg/client";
import { createDatabase, dropDatabase, pgUrl, testDatabaseName } from "@/test/postgres";
import { parseSchema, type ParsedModel } from "@/test/prisma-schema";
import { migrateDatabase, POSTGRES_MIGRATIONS_DIR } from "./migrate";

/**
 * The PostgreSQL twin of schema-drift.test.ts: the reviewed SQL in
 * prisma/postgres/migrations, applied to a fresh `till_pg_*` database, builds
 * exactly what prisma/schema.prisma describes, read back from the catalogue
 * (information_schema, pg_catalog). Runs with TILL_TEST_DB=postgres.
 */

const PG_TYPE: Record<string, string> = { String: "text", Int: "integer", Boolean: "boolean", DateTime: "timestamp(3) without time zone", Float: "double precision", BigInt: "bigint" };
const ON_DELETE: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

type Column = { table: string; name: string; type: string; nullable: boolean; hasDefault: boolean };
type Index = { table: string; name: string; unique: boolean; primary: boolean; partial: boolean; constraint: boolean; columns: string[] };
type ForeignKey = { table: string; from: string; target: string; to: string; onDelete: string };

let database: string;
let client: pg.Client;
let applied: string[];
let models: ParsedModel[];
let runtimeModels: Record<string, { fields: { name: string; kind: string; type: string }[] }>;
let tables: string[];
let columns: Column[];
let indexes: Index[];
let foreignKeys: ForeignKey[];

beforeAll(async () => {
  database = testDatabaseName("drift");
  await createDatabase(database);
  applied = await migrateDatabase(pgUrl(database));
  client = new pg.Client({ connectionString: pgUrl(database) });
  await client.connect();
  models = parseSchema(readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8"));
  const prisma = new PrismaClient({ adapter: { provider: "postgres" } as never });
  runtimeModels = (prisma as unknown as { _runtimeDataModel: { models: typeof runtimeModels } })._runtimeDataModel.models;
  tables = (await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)).rows.map((r) => r.name);
  columns = (
    await client.query<Column>(
      `SELECT c.relname AS "table", a.attname AS "name", format_type(a.atttypid, a.atttypmod) AS "type", NOT a.attnotnull AS "nullable", a.atthasdef AS "hasDefault"
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
    )
  ).rows;
  indexes = (
    await client.query<Index>(
      `SELECT t.relname AS "table", i.relname AS "name", x.indisunique AS "unique", x.indisprimary AS "primary", x.indpred IS NOT NULL AS "partial",
              EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) AS "constraint",
              ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS "columns"
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = 'public'`,
    )
  ).rows;
  foreignKeys = (
    await client.query<ForeignKey>(
      `SELECT t.relname AS "table", a.attname AS "from", r.relname AS "target", b.attname AS "to", k.confdeltype AS "onDelete"
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] JOIN pg_attribute b ON b.attrelid = k.confrelid AND b.attnum = k.confkey[1]
       WHERE k.contype = 'f'`,
    )
  ).rows.map((f) => ({ ...f, onDelete: ON_DELETE[f.onDelete] ?? f.onDelete }));
});

afterAll(async () => {
  await client?.end();
  if (database) await dropDatabase(database);
});

const sameColumns = (a: string[], b: string[]) => a.length === b.length && a.every((c, i) => c === b[i]);
const columnsOf = (table: string) => columns.filter((c) => c.table === table);
const indexesOf = (table: string) => indexes.filter((i) => i.table === table);

describe("migrateDatabase() on PostgreSQL", () => {
  it("applies every migration directory to an empty database, recorded in _till_migrations", async () => {
    const expected = readdirSync(POSTGRES_MIGRATIONS_DIR).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(applied).toEqual(expected);
    expect((await client.query<{ name: string }>('SELECT name FROM "_till_migrations" ORDER BY name')).rows.map((r) => r.name)).toEqual(expected);
  });

  it("two servers migrating at once apply each migration once, and migrating again is a no-op", async () => {
    const results = await Promise.all([migrateDatabase(pgUrl(database)), migrateDatabase(pgUrl(database))]);
    expect(results).toEqual([[], []]);
    const fresh = testDatabaseName("drift2");
    await createDatabase(fresh);
    try {
      const both = await Promise.all([migrateDatabase(pgUrl(fresh)), migrateDatabase(pgUrl(fresh))]);
      expect(both.flat().sort()).toEqual(applied);
    } finally {
      await dropDatabase(fresh);
    }
  });

  it("a failing migration leaves nothing of itself behind", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "till-pg-migrations-"));
    const fresh = testDatabaseName("drift3");
    await createDatabase(fresh);
    const write = (name: string, sql: string) => {
      mkdirSync(path.join(dir, name), { recursive: true });
      writeFileSync(path.join(dir, name, "migration.sql"), sql);
    };
    try {
      write("001_first", 'CREATE TABLE "A" ("id" TEXT NOT NULL PRIMARY KEY);');
      expect(await migrateDatabase(pgUrl(fresh), dir)).toEqual(["001_first"]);
      write("002_broken", 'CREATE TABLE "C" ("id" TEXT NOT NULL PRIMARY KEY);\nTHIS IS NOT SQL;');
      await expect(migrateDatabase(pgUrl(fresh), dir)).rejects.toThrow(/002_broken/);
      const check = new pg.Client({ connectionString: pgUrl(fresh) });
      await check.connect();
      try {
        const names = (await check.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r) => r.name);
        expect(names).toEqual(["A", "_till_migrations"]);
      } finally {
        await check.end();
      }
    } finally {
      await dropDatabase(fresh);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the PostgreSQL migrations match prisma/schema.prisma", () => {
  it("the schema parser and the generated PostgreSQL client see the same models, fields and types (else run `npm run db:generate`)", () => {
    expect(models.map((m) => m.name).sort()).toEqual(Object.keys(runtimeModels).sort());
    for (const model of models) {
      const fromClient = runtimeModels[model.name]!.fields.filter((f) => f.kind === "scalar" || f.kind === "enum").map((f) => `${f.name}:${f.type}`);
      expect(model.scalars.map((f) => `${f.name}:${f.type}`), model.name).toEqual(fromClient);
    }
  });

  it("every model has a table and the database has no table the schema does not know", () => {
    expect(tables.filter((t) => t !== "_till_migrations").sort()).toEqual(Object.keys(runtimeModels).sort());
  });

  it("every field has a column with the right PostgreSQL type, nullability and default, and no column is extra", () => {
    const problems: string[] = [];
    for (const model of models) {
      const cols = new Map(columnsOf(model.name).map((c) => [c.name, c]));
      for (const field of model.scalars) {
        const col = cols.get(field.name);
        if (!col) {
          problems.push(`${model.name}.${field.name}: no column`);
          continue;
        }
        const want = PG_TYPE[field.type];
        if (!want) problems.push(`${model.name}.${field.name}: Prisma type ${field.type} not mapped by this test`);
        else if (col.type !== want) problems.push(`${model.name}.${field.name}: ${col.type}, schema says ${field.type} (${want})`);
        if (col.nullable !== field.optional) problems.push(`${model.name}.${field.name}: ${col.nullable ? "NULL" : "NOT NULL"} in SQL, ${field.optional ? "optional" : "required"} in schema`);
        const hasDefault = /@default\(/.test(field.attributes);
        if (hasDefault !== col.hasDefault) problems.push(`${model.name}.${field.name}: ${col.hasDefault ? "a" : "no"} default in SQL, ${hasDefault ? "@default" : "none"} in schema`);
      }
      for (const name of cols.keys()) {
        if (!model.scalars.some((f) => f.name === name)) problems.push(`${model.name}.${name}: column not in the schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every @id is the table's primary key", () => {
    const problems: string[] = [];
    for (const model of models) {
      const pk = indexesOf(model.name).find((i) => i.primary)?.columns ?? [];
      if (!sameColumns(pk, model.id)) problems.push(`${model.name}: primary key (${pk.join(", ")}) ≠ @id (${model.id.join(", ")})`);
    }
    expect(problems).toEqual([]);
  });

  it("every @unique and @@unique has a unique index on exactly those columns, every @@index an index, and none is extra", () => {
    const problems: string[] = [];
    for (const model of models) {
      const all = indexesOf(model.name).filter((i) => !i.primary && !i.partial);
      const unique = all.filter((i) => i.unique);
      for (const cols of model.uniques) if (!unique.some((i) => sameColumns(i.columns, cols))) problems.push(`${model.name}: no unique index on (${cols.join(", ")})`);
      for (const index of unique) if (!model.uniques.some((cols) => sameColumns(index.columns, cols))) problems.push(`${model.name}: unique index ${index.name} not in the schema`);
      for (const cols of model.indexes) if (!all.some((i) => sameColumns(i.columns, cols))) problems.push(`${model.name}: no index on (${cols.join(", ")})`);
      for (const index of all.filter((i) => !i.unique)) if (!model.indexes.some((cols) => sameColumns(index.columns, cols))) problems.push(`${model.name}: index ${index.name} not in the schema`);
    }
    expect(problems).toEqual([]);
  });

  it("every relation has a foreign key with Prisma's referential action (Restrict when required, SetNull when optional)", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const model of models) {
      const fks = foreignKeys.filter((f) => f.table === model.name);
      for (const rel of model.relations) {
        checked += 1;
        const fk = fks.find((f) => f.target === rel.target && f.from === rel.fields[0] && f.to === rel.references[0]);
        if (!fk) {
          problems.push(`${model.name}.${rel.field}: no foreign key (${rel.fields.join(", ")}) → ${rel.target}`);
          continue;
        }
        const action = { Restrict: "RESTRICT", SetNull: "SET NULL", Cascade: "CASCADE", NoAction: "NO ACTION", SetDefault: "SET DEFAULT" }[rel.onDelete ?? (rel.optional ? "SetNull" : "Restrict")];
        if (fk.onDelete !== action) problems.push(`${model.name}.${rel.field}: ON DELETE ${fk.onDelete}, schema implies ${action}`);
      }
      for (const fk of fks) if (!model.relations.some((r) => r.target === fk.target && r.fields[0] === fk.from)) problems.push(`${model.name}: foreign key ${fk.from} → ${fk.target} not in the schema`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it("the append-only and closed-day triggers of the SQLite migrations exist here too", async () => {
    const triggers = (await client.query<{ name: string }>(`SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`)).rows.map((r) => r.name);
    expect(triggers).toEqual(["AuditEvent_no_delete", "AuditEvent_no_truncate", "AuditEvent_no_update", "DayClose_no_delete", "DayClose_no_truncate", "DayClose_no_update", "Order_closeDay_final", "Payment_closeDay_final", "Refund_closeDay_final"]);
  });
});
