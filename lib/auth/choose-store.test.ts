import { afterAll, beforeAll, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { createStore } from "@/lib/stores/create-store";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";
import { chooseStore } from "./choose-store";
import { getSession } from "./get-session";
import { hashToken, newToken } from "./tokens";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function sessionOf(staffId: string, terminalId: string) {
  const token = newToken("s_");
  const id = newId("ses");
  const now = h.ctx.now();
  await h.ctx.db.session.create({ data: { id, tokenHash: hashToken(token), staffId, terminalId, expiresAt: new Date(now.getTime() + 3_600_000), lastSeenAt: now, ownerSeenAt: now } });
  return { id, token };
}

it("a chain_owner's session acts in the store it chose, then in its own again", async () => {
  const b = await createStore(h.ctx, { name: "Shop B", ownerName: "B", ownerPin: "5802" });
  const hq = await createStore(h.ctx, { name: "HQ", ownerName: "Boss", ownerPin: "7351", chainOwner: true });
  const s = await sessionOf(hq.ownerId, hq.terminalId);
  const before = (await getSession(h.ctx, s.token))!;
  expect(before.actor).toMatchObject({ storeId: hq.storeId, role: "chain_owner" });
  await chooseStore(h.ctx, { actor: before.actor, sessionId: s.id, storeId: b.storeId });
  const after = (await getSession(h.ctx, s.token))!;
  expect(after.actor).toMatchObject({ storeId: b.storeId, terminalId: b.terminalId, homeStoreId: hq.storeId, role: "chain_owner" });
  expect((await appErrorOf(chooseStore(h.ctx, { actor: after.actor, sessionId: s.id, storeId: "sto_NOPE" }))).code).toBe("not_found");
  await chooseStore(h.ctx, { actor: after.actor, sessionId: s.id, storeId: hq.storeId });
  expect((await getSession(h.ctx, s.token))!.actor.storeId).toBe(hq.storeId);
});

it("a plain owner cannot choose another store (404), and a stray actingStoreId on its session is ignored", async () => {
  const b = await createStore(h.ctx, { name: "Shop B2", ownerName: "B", ownerPin: "5802" });
  const staff = await h.ctx.db.staff.findFirstOrThrow({ where: { storeId: h.owner.storeId, role: "owner" } });
  const s = await sessionOf(staff.id, h.owner.terminalId);
  const owner = (await getSession(h.ctx, s.token))!;
  expect((await appErrorOf(chooseStore(h.ctx, { actor: owner.actor, sessionId: s.id, storeId: b.storeId }))).code).toBe("not_found");
  await h.ctx.db.session.update({ where: { id: s.id }, data: { actingStoreId: b.storeId } });
  expect((await getSession(h.ctx, s.token))!.actor.storeId).toBe(h.owner.storeId);
});
