import { mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";

export type Db = Database.Database;

// Times are stored as integer epoch milliseconds: cheap to compare and sort,
// formatted to RFC 3339 only at the edges (see time.ts).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS charges (
  id TEXT PRIMARY KEY,
  merchant_ref TEXT NOT NULL UNIQUE,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  description TEXT,
  notify_url TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','succeeded','expired','closed')),
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS charges_pending_expiry ON charges (status, expires_at);

CREATE TABLE IF NOT EXISTS payments (
  id TEXT PRIMARY KEY,
  charge_id TEXT NOT NULL REFERENCES charges (id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  payer TEXT NOT NULL,
  paid_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_charge ON payments (charge_id, paid_at);
CREATE INDEX IF NOT EXISTS payments_paid_at ON payments (paid_at);

CREATE TABLE IF NOT EXISTS refunds (
  id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payments (id),
  merchant_refund_ref TEXT NOT NULL UNIQUE,
  request_fingerprint TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','succeeded','failed')),
  failure_reason TEXT,
  reason TEXT,
  fail_on_settle INTEGER NOT NULL DEFAULT 0,
  settle_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  settled_at INTEGER
);
CREATE INDEX IF NOT EXISTS refunds_payment ON refunds (payment_id);
CREATE INDEX IF NOT EXISTS refunds_pending ON refunds (status, settle_at);
CREATE INDEX IF NOT EXISTS refunds_settled_at ON refunds (settled_at);

CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  charge_id TEXT NOT NULL REFERENCES charges (id),
  notify_url TEXT NOT NULL,
  body TEXT NOT NULL,
  delivery TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending','delivered','failed','dropped')),
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER,
  next_slot INTEGER NOT NULL DEFAULT 0,
  first_attempt_at INTEGER,
  duplicates_owed INTEGER NOT NULL DEFAULT 0,
  delivered_at INTEGER,
  failed_at INTEGER
);
CREATE INDEX IF NOT EXISTS events_due ON events (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS events_charge ON events (charge_id);

CREATE TABLE IF NOT EXISTS delivery_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL REFERENCES events (id),
  attempted_at INTEGER NOT NULL,
  webhook_timestamp INTEGER,
  status_code INTEGER,
  error TEXT,
  signature TEXT NOT NULL CHECK (signature IN ('good','bad','none')),
  ok INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS delivery_attempts_event ON delivery_attempts (event_id, id);

-- Charges made through the WeChat Pay dialect (sandbox/wechat): their events are sent WeChat's way.
CREATE TABLE IF NOT EXISTS wechat_charges (
  charge_id TEXT PRIMARY KEY REFERENCES charges (id)
);

-- Charges precreated through the Alipay dialect (sandbox/alipay): their events are sent Alipay's way.
CREATE TABLE IF NOT EXISTS alipay_charges (
  charge_id TEXT PRIMARY KEY REFERENCES charges (id)
);

CREATE TABLE IF NOT EXISTS faults (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  drop_rate REAL NOT NULL DEFAULT 0,
  duplicate_rate REAL NOT NULL DEFAULT 0,
  max_delay_ms INTEGER NOT NULL DEFAULT 0,
  bad_signature_rate REAL NOT NULL DEFAULT 0,
  fail_next_refunds INTEGER NOT NULL DEFAULT 0,
  unavailable_next_calls INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO faults (id) VALUES (1);
`;

export function openDb(file: string): Db {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  // WAL + FULL: an acknowledged payment or refund must survive a power cut;
  // busy_timeout covers a second reader (e.g. sqlite3 CLI) holding a lock.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  db.exec(SCHEMA);
  return db;
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection. */
export function sql(db: Db, text: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map<string, Database.Statement>()));
  let stmt = cache.get(text);
  if (!stmt) cache.set(text, (stmt = db.prepare(text)));
  return stmt;
}

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** `ch_`, `pay_`, `re_`, `evt_` + 24 random base-36 characters (~124 bits). */
export function newId(prefix: "ch" | "pay" | "re" | "evt"): string {
  let out = "";
  while (out.length < 24) {
    for (const byte of randomBytes(32)) {
      // Rejection sampling keeps every character equally likely.
      if (byte < 252 && out.length < 24) out += ALPHABET[byte % 36];
    }
  }
  return `${prefix}_${out}`;
}
