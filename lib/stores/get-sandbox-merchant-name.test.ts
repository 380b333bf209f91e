import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";
import { getSandboxMerchantName } from "./get-sandbox-merchant-name";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const rename = (name: string) => h.ctx.db.store.update({ where: { id: h.cashier.storeId }, data: { name } });

it("is the name of the demo store, which owns the Sandbox Pay account", async () => {
  expect(await getSandboxMerchantName(h.ctx.db)).toBe("Demo Coffee 演示咖啡");
});

it("follows a renamed store", async () => {
  await rename("  Tea House 茶馆 ");
  expect(await getSandboxMerchantName(h.ctx.db)).toBe("Tea House 茶馆");
});

it("is cut to the 100 UTF-16 units Sandbox Pay accepts, at a whole character", async () => {
  await rename(`${"a".repeat(99)}😀 and more`);
  expect(await getSandboxMerchantName(h.ctx.db)).toBe("a".repeat(99));
  await rename("茶".repeat(120));
  expect(await getSandboxMerchantName(h.ctx.db)).toBe("茶".repeat(100));
});
