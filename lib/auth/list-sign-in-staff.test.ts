import { afterAll, beforeAll, expect, it } from "vitest";
import { createStore } from "@/lib/stores/create-store";
import { startHarness, type Harness } from "@/test/harness";
import { listSignInStaff } from "./list-sign-in-staff";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

it("shows the store asked for, else the oldest; every store is offered, and no store's staff leak into another's", async () => {
  const oldest = await listSignInStaff(h.ctx);
  expect(oldest.storeId).toBe(h.owner.storeId);
  const b = await createStore(h.ctx, { name: "Sign-in B", ownerName: "B Owner", ownerPin: "5802" });
  const inB = await listSignInStaff(h.ctx, { storeId: b.storeId });
  expect(inB).toMatchObject({ storeId: b.storeId, storeName: "Sign-in B", staff: [{ id: b.ownerId, name: "B Owner", role: "owner" }] });
  expect(inB.stores.map((s) => s.id)).toEqual([h.owner.storeId, b.storeId]);
  const again = await listSignInStaff(h.ctx);
  expect(again.storeId).toBe(h.owner.storeId);
  expect(again.staff.map((s) => s.id)).not.toContain(b.ownerId);
  // An id that is no store shows the oldest store.
  expect((await listSignInStaff(h.ctx, { storeId: "sto_nope" })).storeId).toBe(h.owner.storeId);
  // Inactive staff are not offered.
  await h.ctx.db.staff.update({ where: { id: b.ownerId }, data: { active: false } });
  expect((await listSignInStaff(h.ctx, { storeId: b.storeId })).staff).toEqual([]);
});
