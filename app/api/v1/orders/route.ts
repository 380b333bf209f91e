import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { createOrder } from "@/lib/orders/create-order";
import { listOrders } from "@/lib/orders/list-orders";
import { orderJson } from "@/lib/orders/order-json";
import { createOrderBody, listOrdersQuery } from "@/lib/orders/order-schemas";

export const POST = apiRoute({ role: "cashier", body: createOrderBody, idempotency: "optional" }, async ({ ctx, actor, body }) => {
  const order = await createOrder(ctx, {
    actor,
    input: {
      amount: body.amount,
      currency: body.currency,
      items: body.items?.map((i) => ({ name: i.name, unitAmount: i.unit_amount, quantity: i.quantity })),
      note: body.note,
      expiresIn: body.expires_in,
      connectionId: body.connection_id,
    },
  });
  return { status: 201, body: orderJson(order) };
});

export const GET = apiRoute({ role: "cashier", query: listOrdersQuery }, async ({ ctx, actor, query }) => {
  const page = await listOrders(ctx, { storeId: actor.storeId, ...query });
  return { status: 200, body: { data: page.data.map(orderJson), next_cursor: page.nextCursor } };
});

export const { PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET", "POST");
