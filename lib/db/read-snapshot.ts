import { dialect, type Db, type Tx } from "./client";

/** The PostgreSQL client's $transaction, which takes isolation levels the SQLite client's type does not name. */
type WithIsolation = { $transaction<T>(fn: (tx: Tx) => Promise<T>, options: { isolationLevel: "RepeatableRead" }): Promise<T> };

/**
 * Runs several reads on one consistent snapshot of the database. SQLite's one
 * connection gives that to any transaction; PostgreSQL's READ COMMITTED takes
 * a new snapshot per statement, so there the reads run REPEATABLE READ.
 */
export function readSnapshot<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (dialect(db) === "postgresql") return (db as unknown as WithIsolation).$transaction(fn, { isolationLevel: "RepeatableRead" });
  return db.$transaction(fn);
}
