import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sqlitePath } from "@/lib/db/client";
import { newSecretsKey, parseSecretsKey } from "./secret-box";

const KEY_FILE = "secrets.key";

/** Where `npm start` keeps a generated key: beside the database, to be backed up with it. */
export function secretsKeyFile(databaseUrl: string): string {
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
  return existsSync(file) ? parseSecretsKey(readFileSync(file, "utf8")) : undefined;
}

/** For `npm start` without TILL_SECRETS_KEY: the key file's key, generated (mode 0600) on first use. */
export function ensureSecretsKeyFile(databaseUrl: string): { file: string; created: boolean } {
  const file = secretsKeyFile(databaseUrl);
  if (existsSync(file)) {
    parseSecretsKey(readFileSync(file, "utf8"));
    return { file, created: false };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${newSecretsKey()}\n`, { mode: 0o600, flag: "wx" });
  return { file, created: true };
}
