import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { startHarness, type Harness } from "@/test/harness";
import { authenticateApiKey, requireRole } from "./authenticate-api-key";
import { getSession } from "./get-session";
import { hashPin } from "./pin-hash";
import { LOCK_MINUTES, MAX_FAILED_PINS, SESSION_HOURS, signIn } from "./sign-in";
import { signOut } from "./sign-out";
import { hashToken, newToken } from "./tokens";

const CASHIER_KEY = "tk_demo_0000000000000000";
const OWNER_KEY = "tk_demo_owner_000000000000";
const MINUTE = 60_000;

// A fake clock for Till (the harness passes it to ctx.now); each test sets it first.
let clock = new Date("2026-03-01T09:00:00.000Z");
let h: Harness;
let storeId: string;

beforeAll(async () => {
  h = await startHarness({ now: () => clock });
  storeId = h.cashier.storeId;
});
afterAll(() => h.close());

let pinCounter = 0;
/** A fresh staff member of the demo store with their own PIN, so that no two tests share a lockout. */
async function makeStaff(role: "cashier" | "owner" = "cashier") {
  pinCounter += 1;
  const pin = String(700000 + pinCounter);
  const id = newId("stf");
  await h.ctx.db.staff.create({ data: { id, storeId, name: `Test ${pinCounter}`, role, pinHash: await hashPin(pin), createdAt: clock } });
  return { id, pin };
}

let clientCounter = 0;
const newClient = () => `test-client-${++clientCounter}`;

/** The AppError a promise rejects with (fails the test if it resolves or throws something else). */
async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("signIn", () => {
  it("the right PIN gives a token and a Session row that keeps only the token's hash", async () => {
    clock = new Date("2026-03-01T09:00:00.000Z");
    const staff = await makeStaff();
    const { token, expiresAt } = await signIn(h.ctx, { staffId: staff.id, pin: staff.pin, client: newClient() });
    expect(token.length).toBeGreaterThanOrEqual(24);
    expect(expiresAt.getTime()).toBe(clock.getTime() + SESSION_HOURS * 3_600_000);

    const sessions = await h.ctx.db.session.findMany({ where: { staffId: staff.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.tokenHash).not.toBe(token);
    expect(sessions[0]!.tokenHash).not.toContain(token);
    expect(sessions[0]!.tokenHash).toBe(hashToken(token));
    expect(sessions[0]!.revokedAt).toBeNull();
    expect(await h.ctx.db.auditEvent.count({ where: { action: "staff.signed_in", entityId: staff.id } })).toBe(1);
  });

  it("each wrong PIN is a 401 that counts down the tries left", async () => {
    clock = new Date("2026-03-01T09:10:00.000Z");
    const staff = await makeStaff();
    const client = newClient();
    for (let left = MAX_FAILED_PINS - 1; left >= 1; left -= 1) {
      const error = await appError(signIn(h.ctx, { staffId: staff.id, pin: "000000", client }));
      expect(error.code).toBe("unauthorized");
      expect(error.status).toBe(401);
      expect(error.extra).toEqual({ tries_left: left });
    }
    const row = await h.ctx.db.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(row.failedPinCount).toBe(MAX_FAILED_PINS - 1);
    expect(row.lockedUntil).toBeNull();
    expect(await h.ctx.db.session.count({ where: { staffId: staff.id } })).toBe(0);
  });

  it("the fifth wrong PIN locks the staff member for 15 minutes and audits staff.locked; even the right PIN is refused while locked", async () => {
    clock = new Date("2026-03-01T09:20:00.000Z");
    const staff = await makeStaff();
    const client = newClient();
    for (let i = 1; i < MAX_FAILED_PINS; i += 1) await appError(signIn(h.ctx, { staffId: staff.id, pin: "000000", client }));

    const fifth = await appError(signIn(h.ctx, { staffId: staff.id, pin: "000000", client }));
    expect(fifth.code).toBe("rate_limited");
    expect(fifth.status).toBe(429);
    const lockedUntil = new Date(clock.getTime() + LOCK_MINUTES * MINUTE);
    expect(fifth.extra).toEqual({ locked_until: lockedUntil.toISOString() });

    const row = await h.ctx.db.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(row.lockedUntil?.toISOString()).toBe(lockedUntil.toISOString());
    const audit = await h.ctx.db.auditEvent.findMany({ where: { action: "staff.locked", entityId: staff.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entityType).toBe("staff");

    // Still locked one millisecond before the lock ends: the right PIN is refused and no session is made.
    for (const at of [clock.getTime() + MINUTE, lockedUntil.getTime() - 1]) {
      clock = new Date(at);
      const refused = await appError(signIn(h.ctx, { staffId: staff.id, pin: staff.pin, client: newClient() }));
      expect(refused.code).toBe("rate_limited");
    }
    expect(await h.ctx.db.session.count({ where: { staffId: staff.id } })).toBe(0);
  });

  it("after the lock has passed the right PIN works and the wrong-PIN count starts again from zero", async () => {
    clock = new Date("2026-03-01T10:00:00.000Z");
    const staff = await makeStaff();
    const client = newClient();
    for (let i = 0; i < MAX_FAILED_PINS; i += 1) await appError(signIn(h.ctx, { staffId: staff.id, pin: "000000", client }));
    const locked = await h.ctx.db.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(locked.lockedUntil).not.toBeNull();

    clock = new Date(locked.lockedUntil!.getTime() + 1_000);
    const { token } = await signIn(h.ctx, { staffId: staff.id, pin: staff.pin, client: newClient() });
    expect(token).toBeTruthy();
    const after = await h.ctx.db.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(after.lockedUntil).toBeNull();
    expect(after.failedPinCount).toBe(0);

    const next = await appError(signIn(h.ctx, { staffId: staff.id, pin: "000000", client: newClient() }));
    expect(next.extra).toEqual({ tries_left: MAX_FAILED_PINS - 1 });
  });

  it("a right PIN resets the count of earlier wrong PINs", async () => {
    clock = new Date("2026-03-01T11:00:00.000Z");
    const staff = await makeStaff();
    const client = newClient();
    for (let i = 0; i < 3; i += 1) await appError(signIn(h.ctx, { staffId: staff.id, pin: "000000", client }));
    await signIn(h.ctx, { staffId: staff.id, pin: staff.pin, client });
    const error = await appError(signIn(h.ctx, { staffId: staff.id, pin: "000000", client }));
    expect(error.extra).toEqual({ tries_left: MAX_FAILED_PINS - 1 });
  });

  it("an unknown or deactivated staff member is a 401", async () => {
    clock = new Date("2026-03-01T11:10:00.000Z");
    const unknown = await appError(signIn(h.ctx, { staffId: "stf_nobody", pin: "1357", client: newClient() }));
    expect(unknown.code).toBe("unauthorized");
    const staff = await makeStaff();
    await h.ctx.db.staff.update({ where: { id: staff.id }, data: { active: false } });
    const inactive = await appError(signIn(h.ctx, { staffId: staff.id, pin: staff.pin, client: newClient() }));
    expect(inactive.code).toBe("unauthorized");
  });

  it("20 wrong PINs from one device across staff members rate-limit that device for 15 minutes", async () => {
    clock = new Date("2026-03-01T12:00:00.000Z");
    const client = newClient();
    const staff = await Promise.all([1, 2, 3, 4, 5].map(() => makeStaff()));
    // Four wrong PINs each: nobody is locked, but the device has failed 20 times.
    for (const s of staff) for (let i = 0; i < 4; i += 1) await appError(signIn(h.ctx, { staffId: s.id, pin: "000000", client }));
    const fresh = await makeStaff();
    const limited = await appError(signIn(h.ctx, { staffId: fresh.id, pin: fresh.pin, client }));
    expect(limited.code).toBe("rate_limited");
    // Another device is not affected, and the device may try again once the window has passed.
    await signIn(h.ctx, { staffId: fresh.id, pin: fresh.pin, client: newClient() });
    clock = new Date(clock.getTime() + LOCK_MINUTES * MINUTE + 1_000);
    await signIn(h.ctx, { staffId: fresh.id, pin: fresh.pin, client });
  });

  // The lock must hold against guesses sent all at once, not only one after another:
  // each attempt is counted before the slow PIN check.
  it("concurrent guesses get no more than 5 wrong PINs checked before the staff member is locked", async () => {
    clock = new Date("2026-03-01T13:00:00.000Z");
    const staff = await makeStaff();
    const guesses = Array.from({ length: 24 }, (_, i) => signIn(h.ctx, { staffId: staff.id, pin: String(100000 + i), client: newClient() }));
    const results = await Promise.allSettled(guesses);
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as { code?: string }).code : "signed_in"));
    // "Wrong PIN" (unauthorized) means the PIN was checked; every other guess was refused unchecked.
    expect(codes.filter((c) => c === "unauthorized").length).toBeLessThanOrEqual(MAX_FAILED_PINS);
    expect(codes.filter((c) => c === "rate_limited").length).toBeGreaterThanOrEqual(24 - MAX_FAILED_PINS);
    expect(codes).not.toContain("signed_in");
    const after = await h.ctx.db.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(after.lockedUntil).not.toBeNull();
  });
});

describe("getSession and signOut", () => {
  async function signedIn(role: "cashier" | "owner" = "cashier") {
    const staff = await makeStaff(role);
    const { token, expiresAt } = await signIn(h.ctx, { staffId: staff.id, pin: staff.pin, client: newClient() });
    return { staff, token, expiresAt };
  }

  it("a live token gives the staff member as an actor with their role, store and terminal", async () => {
    clock = new Date("2026-03-02T09:00:00.000Z");
    const { staff, token } = await signedIn("owner");
    const session = await getSession(h.ctx, token);
    expect(session).not.toBeNull();
    expect(session!.staffId).toBe(staff.id);
    expect(session!.actor).toEqual({ kind: "staff", id: staff.id, storeId, terminalId: h.cashier.terminalId, role: "owner" });
  });

  it("an unknown, empty or missing token gives null", async () => {
    await expect(getSession(h.ctx, undefined)).resolves.toBeNull();
    await expect(getSession(h.ctx, "")).resolves.toBeNull();
    await expect(getSession(h.ctx, newToken("ts_"))).resolves.toBeNull();
  });

  it("after signOut the token gives null, and signing out twice is harmless", async () => {
    clock = new Date("2026-03-02T09:10:00.000Z");
    const { token } = await signedIn();
    await signOut(h.ctx, token);
    await expect(getSession(h.ctx, token)).resolves.toBeNull();
    await signOut(h.ctx, token);
    await signOut(h.ctx, undefined);
    const row = await h.ctx.db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.revokedAt?.toISOString()).toBe(clock.toISOString());
  });

  // A wrong PIN typed on a till where someone is signed in must not sign them out.
  it("signing in on a device replaces its session only when the new PIN is accepted", async () => {
    clock = new Date("2026-03-02T09:15:00.000Z");
    const { staff: atTill, token: current } = await signedIn();
    const next = await makeStaff();

    const wrong = await appError(signIn(h.ctx, { staffId: next.id, pin: "000000", client: newClient(), replacing: current }));
    expect(wrong.code).toBe("unauthorized");
    await expect(getSession(h.ctx, current)).resolves.toMatchObject({ staffId: atTill.id });

    // Refused before the PIN is even checked (the device is rate-limited): still signed in.
    const limitedClient = newClient();
    const others = await Promise.all([1, 2, 3, 4, 5].map(() => makeStaff()));
    for (const s of others) for (let i = 0; i < 4; i += 1) await appError(signIn(h.ctx, { staffId: s.id, pin: "000000", client: limitedClient }));
    const limited = await appError(signIn(h.ctx, { staffId: next.id, pin: next.pin, client: limitedClient, replacing: current }));
    expect(limited.code).toBe("rate_limited");
    await expect(getSession(h.ctx, current)).resolves.toMatchObject({ staffId: atTill.id });

    const { token: replaced } = await signIn(h.ctx, { staffId: next.id, pin: next.pin, client: newClient(), replacing: current });
    await expect(getSession(h.ctx, current)).resolves.toBeNull();
    await expect(getSession(h.ctx, replaced)).resolves.toMatchObject({ staffId: next.id });
    const old = await h.ctx.db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(current) } });
    expect(old.revokedAt?.toISOString()).toBe(clock.toISOString());
  });

  it("a revoked session gives null", async () => {
    clock = new Date("2026-03-02T09:20:00.000Z");
    const { token } = await signedIn();
    await h.ctx.db.session.update({ where: { tokenHash: hashToken(token) }, data: { revokedAt: clock } });
    await expect(getSession(h.ctx, token)).resolves.toBeNull();
  });

  it("a session is live until its expiry and null from then on", async () => {
    clock = new Date("2026-03-02T09:30:00.000Z");
    const { token, expiresAt } = await signedIn();
    clock = new Date(expiresAt.getTime() - 1);
    await expect(getSession(h.ctx, token)).resolves.not.toBeNull();
    clock = new Date(expiresAt.getTime());
    await expect(getSession(h.ctx, token)).resolves.toBeNull();
    clock = new Date(expiresAt.getTime() + 3_600_000);
    await expect(getSession(h.ctx, token)).resolves.toBeNull();
  });

  it("a deactivated staff member's session gives null", async () => {
    clock = new Date("2026-03-02T10:00:00.000Z");
    const { staff, token } = await signedIn();
    await h.ctx.db.staff.update({ where: { id: staff.id }, data: { active: false } });
    await expect(getSession(h.ctx, token)).resolves.toBeNull();
  });
});

describe("authenticateApiKey and requireRole", () => {
  it("the seeded cashier and owner keys authenticate with their roles", async () => {
    const cashier = await authenticateApiKey(h.ctx, `Bearer ${CASHIER_KEY}`);
    expect(cashier).toEqual({ kind: "api_key", id: h.cashier.id, storeId, terminalId: h.cashier.terminalId, role: "cashier" });
    const owner = await authenticateApiKey(h.ctx, `bearer  ${OWNER_KEY}`);
    expect(owner.role).toBe("owner");
    expect(owner.id).toBe(h.owner.id);
  });

  it.each([
    ["no header", null],
    ["an empty header", ""],
    ["an unknown key", "Bearer tk_unknown_0000000000000"],
    ["another scheme", `Basic ${CASHIER_KEY}`],
    ["Bearer without a key", "Bearer "],
    ["the key without Bearer", CASHIER_KEY],
    ["two tokens", `Bearer ${CASHIER_KEY} extra`],
  ])("%s is a 401", async (_label, header) => {
    const error = await appError(authenticateApiKey(h.ctx, header));
    expect(error.code).toBe("unauthorized");
    expect(error.status).toBe(401);
  });

  it("a revoked key is a 401, the same key before revocation works", async () => {
    const key = newToken("tk_");
    const id = newId("key");
    await h.ctx.db.apiKey.create({ data: { id, storeId, terminalId: h.cashier.terminalId, name: "to revoke", role: "cashier", keyHash: hashToken(key), prefix: key.slice(0, 8) } });
    await expect(authenticateApiKey(h.ctx, `Bearer ${key}`)).resolves.toMatchObject({ id, role: "cashier" });
    await h.ctx.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    const error = await appError(authenticateApiKey(h.ctx, `Bearer ${key}`));
    expect(error.code).toBe("unauthorized");
  });

  it("requireRole: a cashier may not do an owner's work (403 forbidden); an owner may do a cashier's", () => {
    expect(() => requireRole(h.cashier, "owner")).toThrow(expect.objectContaining({ code: "forbidden", status: 403 }));
    expect(() => requireRole(h.owner, "owner")).not.toThrow();
    expect(() => requireRole(h.owner, "cashier")).not.toThrow();
    expect(() => requireRole(h.cashier, "cashier")).not.toThrow();
  });
});
