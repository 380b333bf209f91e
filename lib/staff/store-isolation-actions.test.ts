/**
 * The owner pages' server actions call these use cases with the signed-in
 * owner's actor: given store B's staff, session and key ids, A's owner gets
 * not_found and B's rows stay as they were.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { revokeApiKey } from "@/lib/auth/revoke-api-key";
import { hashToken, newToken } from "@/lib/auth/tokens";
import { newId } from "@/lib/ids";
import { createStore } from "@/lib/stores/create-store";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";
import { resetStaffPin } from "./reset-staff-pin";
import { revokeSession } from "./revoke-session";
import { unlockStaff } from "./unlock-staff";
import { updateStaff } from "./update-staff";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

it("A's owner acting on B's staff, session and key: not_found, B unchanged", async () => {
  const b = await createStore(h.ctx, { name: "Shop B", ownerName: "B Owner", ownerPin: "5802", ownerKey: true });
  const sessionId = newId("ses");
  const now = h.ctx.now();
  await h.ctx.db.session.create({ data: { id: sessionId, tokenHash: hashToken(newToken("s_")), staffId: b.ownerId, terminalId: b.terminalId, expiresAt: new Date(now.getTime() + 3_600_000) } });
  await h.ctx.db.staff.update({ where: { id: b.ownerId }, data: { failedPinCount: 3 } });
  const rows = async () => ({
    staff: await h.ctx.db.staff.findMany({ where: { storeId: b.storeId } }),
    sessions: await h.ctx.db.session.findMany({ where: { staff: { storeId: b.storeId } } }),
    keys: await h.ctx.db.apiKey.findMany({ where: { storeId: b.storeId } }),
  });
  const before = await rows();
  const actor = h.owner;
  for (const attempt of [
    () => updateStaff(h.ctx, { actor, staffId: b.ownerId, active: false }),
    () => resetStaffPin(h.ctx, { actor, staffId: b.ownerId, pin: "4826" }),
    () => unlockStaff(h.ctx, { actor, staffId: b.ownerId }),
    () => revokeSession(h.ctx, { actor, sessionId }),
    () => revokeApiKey(h.ctx, { actor, keyId: b.ownerKey!.id }),
  ]) {
    expect((await appErrorOf(attempt())).code).toBe("not_found");
  }
  expect(await rows()).toEqual(before);
});
