import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";
import { addStaff } from "./add-staff";
import { signIn } from "./sign-in";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const add = (name: string, pin: string, role: "cashier" | "owner" = "cashier") =>
  addStaff(h.ctx, { storeId: h.cashier.storeId, name, role, pin, actor: "system" });

it("a new staff member with an unused PIN can sign in with it, and the addition is audited", async () => {
  const { id } = await add("Zhao Min 赵敏", "97531");
  await expect(signIn(h.ctx, { staffId: id, pin: "97531", client: "add-staff-1" })).resolves.toHaveProperty("token");
  expect(await h.ctx.db.auditEvent.count({ where: { entityId: id, action: "staff.added" } })).toBe(1);
});

it("a PIN already used in the store is refused, so that a PIN always names one person", async () => {
  // 1357 is the seeded cashier's PIN (lib/env.ts demo default).
  await expect(add("Copycat", h.env.TILL_SEED_CASHIER_PIN)).rejects.toMatchObject({ code: "conflict" });
  await expect(add("Copycat", h.env.TILL_SEED_OWNER_PIN, "owner")).rejects.toMatchObject({ code: "conflict" });
  expect(await h.ctx.db.staff.count({ where: { name: "Copycat" } })).toBe(0);
});

it("two additions with the same new PIN at once: exactly one succeeds", async () => {
  const results = await Promise.allSettled([add("Twin A", "864200"), add("Twin B", "864200")]);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  expect(await h.ctx.db.staff.count({ where: { name: { startsWith: "Twin" } } })).toBe(1);
});

it.each(["123", "123456789", "12a4", ""])("refuses the PIN %j: 4 to 8 digits", async (pin) => {
  await expect(add("Bad PIN", pin)).rejects.toMatchObject({ code: "invalid_request" });
});
