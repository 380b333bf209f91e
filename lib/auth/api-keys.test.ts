import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { addTerminal } from "@/lib/terminals/add-terminal";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";
import { authenticateApiKey } from "./authenticate-api-key";
import { createApiKey } from "./create-api-key";
import { listApiKeys } from "./list-api-keys";
import { revokeApiKey } from "./revoke-api-key";
import { hashToken } from "./tokens";

let clock = new Date("2026-07-01T08:00:00.000Z");
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => clock });
});
afterAll(() => h.close());

const bearer = (key: string) => `Bearer ${key}`;

describe("API keys", () => {
  it("a new key is returned once, stored only as its hash and prefix, and acts with its role and terminal", async () => {
    const created = await createApiKey(h.ctx, { actor: h.owner, name: "Kiosk", role: "cashier", terminalId: h.owner.terminalId });
    expect(created.key).toMatch(/^tk_[A-Za-z0-9_-]{32}$/);
    const row = await h.ctx.db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.keyHash).toBe(hashToken(created.key));
    expect(row.prefix).toBe(created.key.slice(0, 8));
    expect(JSON.stringify(row)).not.toContain(created.key);
    const actor = await authenticateApiKey(h.ctx, bearer(created.key));
    expect(actor).toMatchObject({ kind: "api_key", id: created.id, role: "cashier", terminalId: h.owner.terminalId });
    const audit = await h.ctx.db.auditEvent.findMany({ where: { action: "api_key.created", entityId: created.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).not.toContain(created.key);
  });

  it("last use is recorded (at most once a minute) and listed with the prefix, never the key", async () => {
    const created = await createApiKey(h.ctx, { actor: h.owner, name: "Register", role: "owner", terminalId: h.owner.terminalId });
    await authenticateApiKey(h.ctx, bearer(created.key));
    const first = (await h.ctx.db.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
    expect(first).toEqual(clock);
    clock = new Date(clock.getTime() + 30_000);
    await authenticateApiKey(h.ctx, bearer(created.key));
    expect((await h.ctx.db.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).toEqual(first);
    clock = new Date(clock.getTime() + 31_000);
    await authenticateApiKey(h.ctx, bearer(created.key));
    expect((await h.ctx.db.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).toEqual(clock);
    const listed = await listApiKeys(h.ctx, h.owner.storeId);
    expect(listed.keys.find((k) => k.id === created.id)).toMatchObject({ prefix: created.prefix, lastUsedAt: clock.toISOString(), role: "owner", terminalCode: "T1" });
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it("a revoked key is refused on the very next call, and revoking again changes nothing", async () => {
    const created = await createApiKey(h.ctx, { actor: h.owner, name: "Old tablet", role: "cashier", terminalId: h.owner.terminalId });
    await authenticateApiKey(h.ctx, bearer(created.key));
    const { revokedAt } = await revokeApiKey(h.ctx, { actor: h.owner, keyId: created.id });
    const error = await appErrorOf(authenticateApiKey(h.ctx, bearer(created.key)));
    expect(error.status).toBe(401);
    clock = new Date(clock.getTime() + 1000);
    expect((await revokeApiKey(h.ctx, { actor: h.owner, keyId: created.id })).revokedAt).toEqual(revokedAt);
    expect(await h.ctx.db.auditEvent.count({ where: { action: "api_key.revoked", entityId: created.id } })).toBe(1);
  });

  it("another store's key or terminal cannot be touched", async () => {
    const stranger = { ...h.owner, storeId: "sto_other" };
    expect((await appErrorOf(revokeApiKey(h.ctx, { actor: stranger, keyId: h.cashier.id }))).code).toBe("not_found");
    expect((await appErrorOf(createApiKey(h.ctx, { actor: stranger, name: "x", role: "owner", terminalId: h.owner.terminalId }))).code).toBe("not_found");
    expect((await appErrorOf(createApiKey(h.ctx, { actor: h.owner, name: "  ", role: "owner", terminalId: h.owner.terminalId }))).code).toBe("invalid_request");
  });
});

describe("terminals", () => {
  it("a terminal gets a unique reference code; a taken or malformed code is refused", async () => {
    const { id } = await addTerminal(h.ctx, { actor: h.owner, code: "t2", name: "Counter 2" });
    expect(await h.ctx.db.terminal.findUniqueOrThrow({ where: { id } })).toMatchObject({ code: "T2", name: "Counter 2" });
    const taken = await appErrorOf(addTerminal(h.ctx, { actor: h.owner, code: "T2", name: "Again" }));
    expect(taken.code).toBe("conflict");
    const bad = await appErrorOf(addTerminal(h.ctx, { actor: h.owner, code: "2-x", name: "Bad" }));
    expect(bad).toBeInstanceOf(AppError);
    expect(bad.code).toBe("invalid_request");
    expect((await listApiKeys(h.ctx, h.owner.storeId)).terminals.map((t) => t.code)).toEqual(["T1", "T2"]);
  });
});
