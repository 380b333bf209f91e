import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStaff } from "@/lib/auth/add-staff";
import { getSession } from "@/lib/auth/get-session";
import { signIn } from "@/lib/auth/sign-in";
import { resetStaffPin } from "@/lib/staff/reset-staff-pin";
import { revokeSession } from "@/lib/staff/revoke-session";
import { unlockStaff } from "@/lib/staff/unlock-staff";
import { updateStaff } from "@/lib/staff/update-staff";
import { listStaff } from "@/lib/staff/list-staff";
import { createStore } from "@/lib/stores/create-store";
import type { Actor } from "@/lib/context";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";

let h: Harness;
let pins = 4000;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function member(role: "cashier" | "owner") {
  const pin = String(++pins);
  const { id } = await addStaff(h.ctx, { storeId: h.owner.storeId, name: `${role} ${pin}`, role, pin, actor: "system" });
  return { id, pin };
}

async function session(staff: { id: string; pin: string }) {
  return (await signIn(h.ctx, { staffId: staff.id, pin: staff.pin, client: "test" })).token;
}

describe("staff management", () => {
  it("the last active owner can be neither demoted nor deactivated; with another owner, both work", async () => {
    // Every owner of the harness store but one is taken out, so that the rule has one owner to protect.
    const owners = await h.ctx.db.staff.findMany({ where: { storeId: h.owner.storeId, role: "owner", active: true } });
    await h.ctx.db.staff.updateMany({ where: { id: { in: owners.map((o) => o.id) } }, data: { active: false } });
    const only = await member("owner");
    const demote = await appErrorOf(updateStaff(h.ctx, { actor: h.owner, staffId: only.id, role: "cashier" }));
    expect([demote.code, demote.extra?.reason]).toEqual(["conflict", "last_owner"]);
    expect((await appErrorOf(updateStaff(h.ctx, { actor: h.owner, staffId: only.id, active: false }))).extra?.reason).toBe("last_owner");
    await member("owner");
    await updateStaff(h.ctx, { actor: h.owner, staffId: only.id, role: "cashier" });
    expect((await h.ctx.db.staff.findUniqueOrThrow({ where: { id: only.id } })).role).toBe("cashier");
    const audit = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { entityId: only.id, action: "staff.changed" } });
    expect(JSON.parse(audit.data ?? "{}")).toEqual({ role: { old: "owner", new: "cashier" } });
    await h.ctx.db.staff.updateMany({ where: { id: { in: owners.map((o) => o.id) } }, data: { active: true } });
  });

  it("a role change and a deactivation take effect on the next request", async () => {
    const cashier = await member("cashier");
    const token = await session(cashier);
    await updateStaff(h.ctx, { actor: h.owner, staffId: cashier.id, role: "owner" });
    expect((await getSession(h.ctx, token))?.actor.role).toBe("owner");
    await updateStaff(h.ctx, { actor: h.owner, staffId: cashier.id, role: "cashier", active: false });
    expect(await getSession(h.ctx, token)).toBeNull();
    expect(await h.ctx.db.session.count({ where: { staffId: cashier.id, revokedAt: null } })).toBe(0);
  });

  it("a revoked session is refused on its next request", async () => {
    const cashier = await member("cashier");
    const token = await session(cashier);
    const live = await getSession(h.ctx, token);
    expect(live).not.toBeNull();
    await revokeSession(h.ctx, { actor: h.owner, sessionId: live!.sessionId });
    expect(await getSession(h.ctx, token)).toBeNull();
  });

  it("a new PIN must be unused in the store, lifts a lockout, and the old one stops working", async () => {
    const a = await member("cashier");
    const b = await member("cashier");
    const taken = await appErrorOf(resetStaffPin(h.ctx, { actor: h.owner, staffId: a.id, pin: b.pin }));
    expect([taken.code, taken.errors?.[0]?.path]).toEqual(["conflict", "pin"]);
    await h.ctx.db.staff.update({ where: { id: a.id }, data: { failedPinCount: 5, lockedUntil: new Date(Date.now() + 60_000) } });
    await resetStaffPin(h.ctx, { actor: h.owner, staffId: a.id, pin: "97531" });
    expect(await session({ id: a.id, pin: "97531" })).toBeTruthy();
    expect((await appErrorOf(signIn(h.ctx, { staffId: a.id, pin: a.pin, client: "test" }))).code).toBe("unauthorized");
    const audit = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { entityId: a.id, action: "staff.pin_reset" } });
    expect(audit.data ?? "").not.toContain("97531");
  });

  it("unlocking lifts a lockout at once", async () => {
    const cashier = await member("cashier");
    await h.ctx.db.staff.update({ where: { id: cashier.id }, data: { failedPinCount: 5, lockedUntil: new Date(Date.now() + 15 * 60_000) } });
    expect((await appErrorOf(signIn(h.ctx, { staffId: cashier.id, pin: cashier.pin, client: "test" }))).extra?.locked_until).toBeDefined();
    await unlockStaff(h.ctx, { actor: h.owner, staffId: cashier.id });
    expect(await session(cashier)).toBeTruthy();
  });

  it("refuses staff of another store", async () => {
    expect((await appErrorOf(updateStaff(h.ctx, { actor: h.owner, staffId: "stf_elsewhere", name: "x" }))).code).toBe("not_found");
    expect((await appErrorOf(revokeSession(h.ctx, { actor: h.owner, sessionId: "ses_elsewhere" }))).code).toBe("not_found");
  });
});

describe("a chain owner in its home store's staff", () => {
  it("is listed as chain_owner, changed by a chain owner only, and counts as the store's owner", async () => {
    const chain = await createStore(h.ctx, { name: "Chain home", ownerName: "Chain Owner", ownerPin: "5803", chainOwner: true });
    const owner = await createStore(h.ctx, { name: "Chain home owner", ownerName: "Plain Owner", ownerPin: "5804" });
    // The plain owner is moved into the chain owner's home store, beside the chain owner.
    await h.ctx.db.staff.update({ where: { id: owner.ownerId }, data: { storeId: chain.storeId } });
    const plain: Actor = { kind: "staff", id: owner.ownerId, storeId: chain.storeId, terminalId: chain.terminalId, role: "owner" };
    const chainActor: Actor = { kind: "staff", id: chain.ownerId, storeId: chain.storeId, terminalId: chain.terminalId, role: "chain_owner" };
    const listed = await listStaff(h.ctx, chain.storeId);
    expect(listed.find((m) => m.id === chain.ownerId)?.role).toBe("chain_owner");
    const token = (await signIn(h.ctx, { staffId: chain.ownerId, pin: "5803", client: "test" })).token;
    const sessionId = (await getSession(h.ctx, token))!.sessionId;
    await h.ctx.db.staff.update({ where: { id: chain.ownerId }, data: { failedPinCount: 2 } });
    const before = await h.ctx.db.staff.findUniqueOrThrow({ where: { id: chain.ownerId } });
    for (const attempt of [
      () => updateStaff(h.ctx, { actor: plain, staffId: chain.ownerId, active: false }),
      () => updateStaff(h.ctx, { actor: plain, staffId: chain.ownerId, name: "Taken over" }),
      () => resetStaffPin(h.ctx, { actor: plain, staffId: chain.ownerId, pin: "4826" }),
      () => unlockStaff(h.ctx, { actor: plain, staffId: chain.ownerId }),
      () => revokeSession(h.ctx, { actor: plain, sessionId }),
    ]) {
      expect((await appErrorOf(attempt())).code).toBe("forbidden");
    }
    expect(await h.ctx.db.staff.findUniqueOrThrow({ where: { id: chain.ownerId } })).toEqual(before);
    expect((await h.ctx.db.session.findUniqueOrThrow({ where: { id: sessionId } })).revokedAt).toBeNull();
    // The chain owner counts as an owner: the plain owner is not the store's last one, and may be demoted...
    await updateStaff(h.ctx, { actor: chainActor, staffId: owner.ownerId, role: "cashier" });
    // ...and the chain owner itself is now the last one.
    expect((await appErrorOf(updateStaff(h.ctx, { actor: chainActor, staffId: chain.ownerId, active: false }))).extra?.reason).toBe("last_owner");
    // A chain owner manages a chain owner.
    await unlockStaff(h.ctx, { actor: chainActor, staffId: chain.ownerId });
    expect((await h.ctx.db.staff.findUniqueOrThrow({ where: { id: chain.ownerId } })).failedPinCount).toBe(0);
  });
});
