import { afterAll, beforeAll, expect, it } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import { ChargeList } from "@/sandbox/test-schemas";
import { eventually, startHarness, type Harness } from "./harness";
import { firstOf } from "./parse";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

it("a payment at Sandbox Pay reaches Till's receiver and turns the order paid", async () => {
  const order = await createOrder(h.ctx, { actor: h.cashier, input: { amount: 2350 } });
  const charge = await h.sandboxApi("GET", `/v1/charges?merchant_ref=${order.providerRef}`);
  const chargeId = firstOf(charge.as(ChargeList).data, "the charges of the order").id;
  const paid = await h.sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, {});
  expect(paid.status).toBe(201);
  const after = await eventually(async () => {
    const o = await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } });
    return o.status === "paid" ? o : null;
  });
  expect(after.amountReceived).toBe(2350);
  expect(await h.ctx.db.payment.count({ where: { orderId: order.id } })).toBe(1);
});
