import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureSecretsKeyFile, loadSecretsKey, secretsKeyFile } from "./secrets-key";

const dir = mkdtempSync(path.join(tmpdir(), "till-secrets-key-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the secrets key", () => {
  it("on SQLite is generated once beside the database file, and read from there", () => {
    const url = `file:${path.join(dir, "till.db")}`;
    expect(secretsKeyFile(url)).toBe(path.join(dir, "secrets.key"));
    expect(loadSecretsKey({ DATABASE_URL: url })).toBeUndefined();
    expect(ensureSecretsKeyFile(url)).toEqual({ file: path.join(dir, "secrets.key"), created: true });
    expect(ensureSecretsKeyFile(url)).toEqual({ file: path.join(dir, "secrets.key"), created: false });
    const key = loadSecretsKey({ DATABASE_URL: url });
    expect(key?.length).toBe(32);
    expect(key?.toString("base64")).toBe(readFileSync(path.join(dir, "secrets.key"), "utf8").trim());
  });

  it("on PostgreSQL comes from TILL_SECRETS_KEY only: no file is generated for a database several servers share", () => {
    const url = "postgresql://postgres@127.0.0.1:5432/till";
    expect(secretsKeyFile(url)).toBeUndefined();
    expect(ensureSecretsKeyFile(url)).toBeUndefined();
    expect(loadSecretsKey({ DATABASE_URL: url })).toBeUndefined();
    const set = Buffer.alloc(32, 7).toString("base64");
    expect(loadSecretsKey({ DATABASE_URL: url, TILL_SECRETS_KEY: set })?.toString("base64")).toBe(set);
  });
});
