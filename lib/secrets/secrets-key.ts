import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isPostgresUrl } from "@/lib/db/postgres";
import { sqlitePath } from "@/lib/db/client";
import { newSecretsKey, parseSecretsKey } from "./secret-box";

const KEY_FILE = "secrets.key";

/**
 * Where `npm start` keeps a generated key: beside the SQLite file, to be backed
 * up with it. None on PostgreSQL: several Till servers share that database and
 * would each generate a key of their own, so there the key comes from
 * TILL_SECRETS_KEY only, set alike on every server.
 */
export function secretsKeyFile(databaseUrl: string): string | undefined {
  if (isPostgresUrl(databaseUrl)) return undefined;
  return path.join(path.dirname(sqlitePath(databaseUrl)), KEY_FILE);
}

/**
 * The key that seals provider credentials: TILL_SECRETS_KEY when set, else the
 * key file beside the database when there is one, else none (then only Sandbox
 * Pay accounts can be used).
 */
export function loadSecretsKey(e: { TILL_SECRETS_KEY?: string; DATABASE_URL: string }): Buffer | undefined {
  if (e.TILL_SECRETS_KEY) return parseSecretsKey(e.TILL_SECRETS_KEY);
  const file = secretsKeyFile(e.DATABASE_URL);
  return file && existsSync(file) ? parseSecretsKey(readFileSync(file, "utf8")) : undefined;
}

/** For `npm start` without TILL_SECRETS_KEY: the key file's key, generated (mode 0600) on first use; none on PostgreSQL. */
export function ensureSecretsKeyFile(databaseUrl: string): { file: string; created: boolean } | undefined {
  const file = secretsKeyFile(databaseUrl);
  if (!file) return undefined;
  if (existsSync(file)) {
    parseSecretsKey(readFileSync(file, "utf8"));
    return { file, created: false };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${newSecretsKey()}\n`, { mode: 0o600, flag: "wx" });
  return { file, created: true };
}
