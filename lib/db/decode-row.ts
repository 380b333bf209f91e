import type { Db, Tx } from "./client";
import type { SqlTx } from "./sql-tx";

type FieldKinds = { dates: string[]; booleans: string[] };
type RuntimeDataModel = { models: Record<string, { fields: { name: string; kind: string; type: string }[] }> };

const kinds = new Map<string, FieldKinds>();

/**
 * Which columns of a model need decoding when its rows are read by hand
 * (`SELECT *` on the bulk path) rather than through Prisma: DateTime (SQLite
 * keeps ISO 8601 text, PostgreSQL's `timestamp(3)` arrives as a Date from
 * lib/db/postgres.ts's UTC parser) and Boolean (SQLite keeps 0/1). Read from
 * the Prisma client's own data model, so that a column added to the schema is
 * decoded without anyone listing it here.
 */
function fieldKinds(db: Db | Tx | SqlTx, model: string): FieldKinds {
  let found = kinds.get(model);
  if (!found) {
    const dataModel = (db as unknown as { _runtimeDataModel?: RuntimeDataModel })._runtimeDataModel;
    const fields = dataModel?.models[model]?.fields;
    if (!fields) throw new Error(`Prisma's data model has no model ${model}`);
    const scalars = fields.filter((f) => f.kind === "scalar");
    found = { dates: scalars.filter((f) => f.type === "DateTime").map((f) => f.name), booleans: scalars.filter((f) => f.type === "Boolean").map((f) => f.name) };
    kinds.set(model, found);
  }
  return found;
}

/** A row read by hand, as Prisma would have returned it (DateTime → Date, Boolean → boolean). */
export function decodeRow<T>(db: Db | Tx | SqlTx, model: string, row: Record<string, unknown>): T {
  const { dates, booleans } = fieldKinds(db, model);
  for (const name of dates) {
    const value = row[name];
    if (value !== null && value !== undefined && !(value instanceof Date)) row[name] = new Date(value as string | number);
  }
  for (const name of booleans) {
    const value = row[name];
    if (value !== null && value !== undefined) row[name] = Boolean(value);
  }
  return row as T;
}
