import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { parseSchema, type ParsedModel } from "@/test/prisma-schema";
import { migrate } from "./migrate";

/**
 * Proves that the hand-written SQL in prisma/migrations builds exactly the
 * database that prisma/schema.prisma describes (STACK.md: `prisma migrate`
 * cannot run here, so nothing else would notice a forgotten column).
 *
 * Models, fields and their Prisma types come from the generated client's
 * runtime data model; nullability, ids, defaults, uniques, indexes and
 * relations (which that model does not carry) from a small parser of
 * schema.prisma — and the two are checked to agree.
 */

const ROOT = process.cwd();
const SCHEMA_FILE = path.join(ROOT, "prisma", "schema.prisma");
const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
const SQLITE_TYPE: Record<string, string> = { String: "TEXT", Int: "INTEGER", Boolean: "BOOLEAN", DateTime: "DATETIME", Float: "REAL", BigInt: "BIGINT", Decimal: "DECIMAL", Bytes: "BLOB", Json: "JSONB" };

type Column = { cid: number; name: string; type: string; notnull: number; dflt_value: string | null; pk: number };
type IndexRow = { name: string; unique: number; origin: string; partial: number };
type ForeignKey = { table: string; from: string; to: string; on_delete: string };

let dir: string;
let dbPath: string;
let applied: string[];
let sqlite: Database.Database;
let models: ParsedModel[];
let runtimeModels: Record<string, { fields: { name: string; kind: string; type: string }[] }>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "till-drift-"));
  dbPath = path.join(dir, "empty.db");
  applied = migrate(dbPath);
  sqlite = new Database(dbPath, { readonly: true });
  models = parseSchema(readFileSync(SCHEMA_FILE, "utf8"));
  // The generated client's runtime data model: constructing a client does not connect.
  const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: dbPath }) });
  runtimeModels = (client as unknown as { _runtimeDataModel: { models: typeof runtimeModels } })._runtimeDataModel.models;
  await client.$disconnect();
});

afterAll(() => {
  sqlite?.close();
  rmSync(dir, { recursive: true, force: true });
});

const columns = (table: string) => sqlite.prepare(`PRAGMA table_info("${table}")`).all() as Column[];
const indexes = (table: string) =>
  (sqlite.prepare(`PRAGMA index_list("${table}")`).all() as IndexRow[]).map((i) => ({
    ...i,
    columns: (sqlite.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name),
  }));
const foreignKeys = (table: string) => sqlite.prepare(`PRAGMA foreign_key_list("${table}")`).all() as ForeignKey[];
const sameColumns = (a: string[], b: string[]) => a.length === b.length && a.every((c, i) => c === b[i]);

describe("migrate()", () => {
  it("applies every migration directory to an empty database and returns their names in order", () => {
    const expected = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(applied).toEqual(expected);
    const recorded = (sqlite.prepare('SELECT name FROM "_till_migrations" ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    expect(recorded).toEqual(expected);
  });

  it("migrating an up-to-date database again is a no-op that returns no names", () => {
    const schemaBefore = sqlite.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name").all();
    expect(migrate(dbPath)).toEqual([]);
    expect(migrate(dbPath)).toEqual([]);
    expect(sqlite.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name").all()).toEqual(schemaBefore);
    expect((sqlite.prepare('SELECT COUNT(*) AS n FROM "_till_migrations"').get() as { n: number }).n).toBe(applied.length);
  });

  it("applies only the new migration when one is added, and a failing migration leaves nothing of itself behind", () => {
    const migrations = path.join(dir, "migrations");
    const db = path.join(dir, "partial.db");
    const write = (name: string, sql: string) => {
      mkdirSync(path.join(migrations, name), { recursive: true });
      writeFileSync(path.join(migrations, name, "migration.sql"), sql);
    };
    write("001_first", 'CREATE TABLE "A" ("id" TEXT NOT NULL PRIMARY KEY);');
    expect(migrate(db, migrations)).toEqual(["001_first"]);
    write("002_second", 'CREATE TABLE "B" ("id" TEXT NOT NULL PRIMARY KEY);');
    write("003_broken", 'CREATE TABLE "C" ("id" TEXT NOT NULL PRIMARY KEY);\nTHIS IS NOT SQL;');
    expect(() => migrate(db, migrations)).toThrow();
    const check = new Database(db, { readonly: true });
    try {
      const tables = (check.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toContain("A");
      expect(tables).toContain("B");
      expect(tables).not.toContain("C");
      const names = (check.prepare('SELECT name FROM "_till_migrations" ORDER BY name').all() as { name: string }[]).map((r) => r.name);
      expect(names).toEqual(["001_first", "002_second"]);
    } finally {
      check.close();
    }
  });
});

describe("the migrations match prisma/schema.prisma", () => {
  it("the schema parser and the generated client see the same models, fields and types (else run `npm run db:generate`)", () => {
    expect(models.map((m) => m.name).sort()).toEqual(Object.keys(runtimeModels).sort());
    for (const model of models) {
      const fromClient = runtimeModels[model.name]!.fields.filter((f) => f.kind === "scalar" || f.kind === "enum").map((f) => `${f.name}:${f.type}`);
      expect(model.scalars.map((f) => `${f.name}:${f.type}`), model.name).toEqual(fromClient);
    }
  });

  it("every model has a table and the database has no table the schema does not know", () => {
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[])
      .map((t) => t.name)
      .filter((t) => t !== "_till_migrations")
      .sort();
    expect(tables).toEqual(Object.keys(runtimeModels).sort());
  });

  it("every field has a column with the right SQLite type and nullability, and no column is extra", () => {
    const problems: string[] = [];
    for (const model of models) {
      const cols = new Map(columns(model.name).map((c) => [c.name, c]));
      for (const field of model.scalars) {
        const col = cols.get(field.name);
        if (!col) {
          problems.push(`${model.name}.${field.name}: no column`);
          continue;
        }
        const want = SQLITE_TYPE[field.type];
        if (!want) problems.push(`${model.name}.${field.name}: Prisma type ${field.type} not mapped by this test`);
        else if (col.type.toUpperCase() !== want) problems.push(`${model.name}.${field.name}: ${col.type}, schema says ${field.type} (${want})`);
        const nullable = col.notnull === 0;
        if (nullable !== field.optional) problems.push(`${model.name}.${field.name}: ${nullable ? "NULL" : "NOT NULL"} in SQL, ${field.optional ? "optional" : "required"} in schema`);
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
      const pk = columns(model.name)
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      if (!sameColumns(pk, model.id)) problems.push(`${model.name}: primary key (${pk.join(", ")}) ≠ @id (${model.id.join(", ")})`);
    }
    expect(problems).toEqual([]);
  });

  it("a field has a column default iff it has @default in the schema", () => {
    const problems: string[] = [];
    for (const model of models) {
      const cols = new Map(columns(model.name).map((c) => [c.name, c]));
      for (const field of model.scalars) {
        const col = cols.get(field.name);
        if (!col) continue; // reported above
        const hasDefault = /@default\(/.test(field.attributes);
        if (hasDefault !== (col.dflt_value !== null)) problems.push(`${model.name}.${field.name}: default ${col.dflt_value} in SQL, ${hasDefault ? "@default" : "none"} in schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every @unique and @@unique has a unique index on exactly those columns", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const model of models) {
      const unique = indexes(model.name).filter((i) => i.unique === 1 && i.origin !== "pk" && i.partial === 0);
      for (const cols of model.uniques) {
        checked += 1;
        if (!unique.some((i) => sameColumns(i.columns, cols))) problems.push(`${model.name}: no unique index on (${cols.join(", ")})`);
      }
      for (const index of unique) {
        if (!model.uniques.some((cols) => sameColumns(index.columns, cols))) problems.push(`${model.name}: unique index ${index.name} (${index.columns.join(", ")}) not in the schema`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(10); // the parser did find the schema's uniques
  });

  it("every @@index has an index on exactly those columns, and no plain index is missing from the schema", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const model of models) {
      const all = indexes(model.name);
      for (const cols of model.indexes) {
        checked += 1;
        if (!all.some((i) => sameColumns(i.columns, cols))) problems.push(`${model.name}: no index on (${cols.join(", ")})`);
      }
      // A replaced index that a migration forgot to drop still costs every write and can steer the planner.
      for (const index of all.filter((i) => i.unique === 0 && i.origin === "c")) {
        if (!model.indexes.some((cols) => sameColumns(index.columns, cols))) problems.push(`${model.name}: index ${index.name} (${index.columns.join(", ")}) not in the schema`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(20); // the parser did find the schema's indexes
  });

  it("every relation has a foreign key with Prisma's referential action (Restrict when required, SetNull when optional)", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const model of models) {
      const fks = foreignKeys(model.name);
      for (const rel of model.relations) {
        checked += 1;
        const fk = fks.find((f) => f.table === rel.target && f.from === rel.fields[0] && f.to === rel.references[0]);
        if (!fk) {
          problems.push(`${model.name}.${rel.field}: no foreign key (${rel.fields.join(", ")}) → ${rel.target}(${rel.references.join(", ")})`);
          continue;
        }
        const action = { Restrict: "RESTRICT", SetNull: "SET NULL", Cascade: "CASCADE", NoAction: "NO ACTION", SetDefault: "SET DEFAULT" }[rel.onDelete ?? (rel.optional ? "SetNull" : "Restrict")];
        if (fk.on_delete !== action) problems.push(`${model.name}.${rel.field}: ON DELETE ${fk.on_delete}, schema implies ${action}`);
      }
      for (const fk of fks) {
        if (!model.relations.some((r) => r.target === fk.table && r.fields[0] === fk.from)) problems.push(`${model.name}: foreign key ${fk.from} → ${fk.table} not in the schema`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it("the migrated database passes SQLite's integrity and foreign-key checks", () => {
    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(sqlite.pragma("foreign_key_check")).toEqual([]);
  });
});
