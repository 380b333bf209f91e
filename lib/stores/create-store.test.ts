import { afterAll, beforeAll, expect, it } from "vitest";
import { verifyPin } from "@/lib/auth/pin-hash";
import { hashToken } from "@/lib/auth/tokens";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";
import { createStore, isWeakPin } from "./create-store";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

it("creates the store, its owner with the PIN, a terminal T1, an owner key and an audit entry", async () => {
  const created = await createStore(h.ctx, { name: "Shop North", ownerName: "Li Lei", ownerPin: "5802", ownerKey: true });
  const owner = await h.ctx.db.staff.findUniqueOrThrow({ where: { id: created.ownerId } });
  expect(owner).toMatchObject({ storeId: created.storeId, role: "owner", active: true });
  expect(await verifyPin("5802", owner.pinHash)).toBe(true);
  expect(await h.ctx.db.terminal.findUniqueOrThrow({ where: { id: created.terminalId } })).toMatchObject({ storeId: created.storeId, code: "T1" });
  const key = await h.ctx.db.apiKey.findUniqueOrThrow({ where: { keyHash: hashToken(created.ownerKey!.key) } });
  expect(key).toMatchObject({ storeId: created.storeId, role: "owner" });
  expect(await h.ctx.db.auditEvent.count({ where: { storeId: created.storeId, action: "store.created" } })).toBe(1);
});

it("--chain-owner makes the first owner a chain_owner", async () => {
  const created = await createStore(h.ctx, { name: "Shop HQ", ownerName: "Boss", ownerPin: "7351", chainOwner: true });
  expect((await h.ctx.db.staff.findUniqueOrThrow({ where: { id: created.ownerId } })).role).toBe("chain_owner");
});

it.each(["1111", "1234", "9876", "0123"])("refuses the weak PIN %s", async (pin) => {
  expect(isWeakPin(pin)).toBe(true);
  expect((await appErrorOf(createStore(h.ctx, { name: `Weak ${pin}`, ownerName: "X", ownerPin: pin }))).code).toBe("invalid_request");
});

it("refuses a name another store has, and creates nothing", async () => {
  const stores = await h.ctx.db.store.count();
  expect((await appErrorOf(createStore(h.ctx, { name: "Shop North", ownerName: "Y", ownerPin: "4826" }))).code).toBe("conflict");
  expect(await h.ctx.db.store.count()).toBe(stores);
});
