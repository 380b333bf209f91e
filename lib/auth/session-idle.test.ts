/**
 * Sessions end after inactivity (TILL_SESSION_IDLE_MIN, 12 h by default), and
 * an owner's owner pages need the PIN again after TILL_OWNER_IDLE_MIN (30 min)
 * without owner activity; every use moves the limit on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { startHarness, type Harness } from "@/test/harness";
import { DEFAULT_IDLE, getSession } from "./get-session";
import { hashPin } from "./pin-hash";
import { signIn } from "./sign-in";
import { touchSession } from "./touch-session";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let clock = new Date("2026-05-01T08:00:00.000Z");
let h: Harness;
let n = 0;

beforeAll(async () => {
  h = await startHarness({ now: () => clock });
});
afterAll(() => h.close());

async function signedIn(role: "cashier" | "owner") {
  n += 1;
  const pin = String(610000 + n);
  const id = newId("stf");
  await h.ctx.db.staff.create({ data: { id, storeId: h.cashier.storeId, name: `Idle ${n}`, role, pinHash: await hashPin(pin), createdAt: clock } });
  const { token } = await signIn(h.ctx, { staffId: id, pin, client: `idle-${n}` });
  return token;
}
const at = (ms: number) => (clock = new Date(clock.getTime() + ms));

describe("inactivity", () => {
  it("a session unused for longer than the idle limit has ended; one used in time lives on", async () => {
    const short = { sessionMs: 2 * HOUR, ownerMs: 30 * MINUTE };
    const token = await signedIn("cashier");
    at(2 * HOUR - 1000);
    const live = await getSession(h.ctx, token, short);
    expect(live).not.toBeNull();
    await touchSession(h.ctx, live!);
    at(2 * HOUR - 1000);
    expect(await getSession(h.ctx, token, short)).not.toBeNull();
    at(2000);
    expect(await getSession(h.ctx, token, short)).toBeNull();
  });

  it("by default a counter session survives 11 h of quiet and not 12 h 1 s", async () => {
    const token = await signedIn("cashier");
    at(11 * HOUR);
    expect(await getSession(h.ctx, token, DEFAULT_IDLE)).not.toBeNull();
    at(HOUR + 1000);
    expect(await getSession(h.ctx, token, DEFAULT_IDLE)).toBeNull();
  });

  it("touching is throttled: a page view within 30 s writes nothing", async () => {
    const token = await signedIn("cashier");
    const before = await getSession(h.ctx, token);
    at(10_000);
    await touchSession(h.ctx, (await getSession(h.ctx, token))!);
    expect((await getSession(h.ctx, token))!.lastSeenAt).toEqual(before!.lastSeenAt);
    at(30_000);
    await touchSession(h.ctx, (await getSession(h.ctx, token))!);
    expect((await getSession(h.ctx, token))!.lastSeenAt).toEqual(clock);
  });
});

describe("owner pages", () => {
  it("an owner is fresh after signing in, and stale after 30 min without owner activity, though the session lives", async () => {
    const token = await signedIn("owner");
    expect((await getSession(h.ctx, token))!.ownerFresh).toBe(true);
    at(29 * MINUTE);
    const session = (await getSession(h.ctx, token))!;
    expect(session.ownerFresh).toBe(true);
    await touchSession(h.ctx, session, { owner: true });
    at(29 * MINUTE);
    expect((await getSession(h.ctx, token))!.ownerFresh).toBe(true);
    // Activity on counter pages keeps the session, not the owner pages.
    await touchSession(h.ctx, (await getSession(h.ctx, token))!);
    at(31 * MINUTE);
    const later = (await getSession(h.ctx, token))!;
    expect(later).not.toBeNull();
    expect(later.ownerFresh).toBe(false);
    // A stale owner is not made fresh by touching: only the PIN does that.
    await touchSession(h.ctx, later, { owner: true });
    expect((await getSession(h.ctx, token))!.ownerFresh).toBe(false);
  });

  it("a cashier is never fresh for owner pages", async () => {
    const token = await signedIn("cashier");
    const session = (await getSession(h.ctx, token))!;
    await touchSession(h.ctx, session, { owner: true });
    expect((await getSession(h.ctx, token))!.ownerFresh).toBe(false);
  });
});
