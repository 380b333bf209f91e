import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreSettings } from "@/lib/stores/store-settings";
import { updateStoreSettings } from "@/lib/stores/update-store-settings";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function current(): Promise<StoreSettings> {
  const s = await h.ctx.db.store.findUniqueOrThrow({ where: { id: h.cashier.storeId } });
  return { name: s.name, currency: s.currency, timeZone: s.timeZone, qrLifetimeS: s.qrLifetimeS, amountTolerance: s.amountTolerance, refundApprovalThreshold: s.refundApprovalThreshold, confirmAmountAbove: s.confirmAmountAbove };
}

describe("store settings", () => {
  it("refuse what a shop cannot live with, naming the field", () => {
    const base = { name: "Shop", currency: "CNY", timeZone: "Asia/Shanghai", qrLifetimeS: 300, amountTolerance: 0, refundApprovalThreshold: 20000, confirmAmountAbove: 1_000_000 };
    expect(StoreSettings.safeParse(base).success).toBe(true);
    for (const [field, value] of [
      ["qrLifetimeS", 10],
      ["qrLifetimeS", 7200],
      ["currency", "XYZ"],
      ["timeZone", "Mars/Olympus"],
      ["name", "   "],
      ["amountTolerance", -1],
      ["confirmAmountAbove", 0],
    ] as const) {
      const parsed = StoreSettings.safeParse({ ...base, [field]: value });
      expect(parsed.success, `${field} = ${value}`).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual([field]);
    }
  });

  it("are saved with one audit event holding each change's old and new value", async () => {
    const before = await current();
    const saved = await updateStoreSettings(h.ctx, { actor: h.owner, settings: { ...before, qrLifetimeS: 120, name: "Renamed shop" } });
    expect(saved.qrLifetimeS).toBe(120);
    expect(await current()).toMatchObject({ qrLifetimeS: 120, name: "Renamed shop" });
    const audit = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { action: "store.settings_changed" }, orderBy: { createdAt: "desc" } });
    expect(JSON.parse(audit.data ?? "{}")).toEqual({ qrLifetimeS: { old: before.qrLifetimeS, new: 120 }, name: { old: before.name, new: "Renamed shop" } });
    await updateStoreSettings(h.ctx, { actor: h.owner, settings: before });
  });

  it("do not change the currency once the store has orders", async () => {
    await h.newOrder(100);
    const before = await current();
    const error = await appErrorOf(updateStoreSettings(h.ctx, { actor: h.owner, settings: { ...before, currency: "HKD" } }));
    expect(error.code).toBe("invalid_request");
    expect(error.errors?.[0]?.path).toBe("currency");
    expect((await current()).currency).toBe(before.currency);
  });

  it("saving nothing new writes no audit event", async () => {
    const count = await h.ctx.db.auditEvent.count({ where: { action: "store.settings_changed" } });
    await updateStoreSettings(h.ctx, { actor: h.owner, settings: await current() });
    expect(await h.ctx.db.auditEvent.count({ where: { action: "store.settings_changed" } })).toBe(count);
  });
});
