import { expect, test, type APIRequestContext } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { ProblemSchema } from "../../lib/api/problem-schema";
import { EventList } from "../../sandbox/test-schemas";
import { parseAs } from "../../test/parse";
import { answer, getOrder, newOrder, problem, sandbox } from "./contract";

/**
 * The e2e server does not set PROVIDER_WEBHOOK_SECRET, so Till and Sandbox Pay
 * share the demo default (lib/env.ts DEMO_DEFAULTS).
 */
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET = "whsec_" + Buffer.from("not the secret Till knows at all").toString("base64");
const RECEIVER = { method: "POST", path: "/api/webhooks/sandbox", template: "/api/webhooks/{provider}", key: null };

/** Standard Webhooks headers for `body` under `id`, signed with `secret` at `at`. */
function signed(id: string, body: string, { secret = SECRET, at = new Date() }: { secret?: string; at?: Date } = {}) {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  };
}

/**
 * A real payment.succeeded event for a new order: paid at Sandbox Pay with
 * its delivery dropped, so that the test delivers it (the exact body Sandbox
 * Pay would have sent) instead of Sandbox Pay.
 */
async function undeliveredPayment(request: APIRequestContext, amount: number) {
  const { order, chargeId } = await newOrder(request, amount);
  expect((await sandbox("POST", `/sandbox/charges/${chargeId}/pay`, { delivery: "drop" })).status).toBe(201);
  const events = (await sandbox("GET", `/sandbox/events?charge_id=${chargeId}`)).as(EventList);
  const event = events.data.find((e) => e.type === "payment.succeeded");
  expect(event?.state).toBe("dropped");
  if (!event) throw new Error(`no payment.succeeded event for ${chargeId}`);
  return { order, eventId: event.payload.id, body: JSON.stringify(event.payload) };
}

const deliver = (request: APIRequestContext, body: string, headers: Record<string, string>, status: number) =>
  answer(request, { ...RECEIVER, raw: body, headers }, status);

test("webhook: forgeries carrying the real event id are 401 and pre-empt nothing; the real event is then accepted and the order paid", async ({ request }) => {
  const { order, eventId, body } = await undeliveredPayment(request, 3300);
  const real = signed(eventId, body);
  // Each forgery's headers are made just before it is sent: a timestamp made up front would drift
  // toward the ±300 s window while the earlier forgeries are answered, and 301 s could arrive as 300.
  const forgeries: [string, () => Record<string, string>][] = [
    ["a forged signature", () => ({ ...real, "webhook-signature": `v1,${Buffer.alloc(32, 7).toString("base64")}` })],
    ["a signature made with another secret", () => signed(eventId, body, { secret: OTHER_SECRET })],
    ["a timestamp 301 s old", () => signed(eventId, body, { at: new Date(Date.now() - 301_000) })],
    // Whole seconds, as the header carries them: 302 s ahead of this second is still ≥ 301 s ahead
    // should the receiver's clock tick into the next second before it reads it.
    ["a timestamp 301 s ahead", () => signed(eventId, body, { at: new Date((Math.floor(Date.now() / 1000) + 302) * 1000) })],
    ["the body changed after signing", () => real],
    ...(["webhook-id", "webhook-timestamp", "webhook-signature"] as const).map((name): [string, () => Record<string, string>] => {
      const { [name]: _missing, ...rest } = real;
      return [`no ${name} header`, () => rest];
    }),
  ];
  for (const [label, headersOf] of forgeries) {
    const sent = label === "the body changed after signing" ? body.replace("3300", "1") : body;
    await test.step(label, async () => {
      const answered = await deliver(request, sent, headersOf(), 401);
      expect(parseAs(ProblemSchema, answered, label).code).toBe("unauthorized");
    });
  }
  expect(await getOrder(request, order.id)).toMatchObject({ status: "open", amount_received: 0, payments: [] });

  expect(await deliver(request, body, real, 200)).toEqual({ received: true });
  expect(await getOrder(request, order.id)).toMatchObject({ status: "paid", amount_received: 3300, payments: [{ source: "notification", amount: 3300 }] });
});

test("webhook: a duplicate delivery is a 200 no-op", async ({ request }) => {
  const { order, eventId, body } = await undeliveredPayment(request, 2700);
  expect(await deliver(request, body, signed(eventId, body), 200)).toEqual({ received: true });
  const once = await getOrder(request, order.id);
  expect(once).toMatchObject({ status: "paid", amount_received: 2700 });
  // Redelivered later, as a provider retries: signed again, same event id and body.
  expect(await deliver(request, body, signed(eventId, body, { at: new Date(Date.now() + 2_000) }), 200)).toEqual({ received: true });
  expect(await getOrder(request, order.id)).toEqual(once);
});

test("webhook: a signed event of a type Till does not know is stored and answered 200", async ({ request }) => {
  const id = `evt_unknown_${Date.now()}`;
  const body = JSON.stringify({ id, type: "charge.disputed", created_at: new Date().toISOString(), data: {} });
  expect(await deliver(request, body, signed(id, body), 200)).toEqual({ received: true });
});

test("webhook: a body above 64 KiB is 413 payload_too_large, before any signature check", async ({ request }) => {
  const id = `evt_big_${Date.now()}`;
  const body = JSON.stringify({ id, type: "payment.succeeded", padding: "x".repeat(65 * 1024) });
  await problem(request, { ...RECEIVER, raw: body, headers: signed(id, body) }, 413, "payload_too_large");
});

test("webhook: a provider Till has no connection for is 404 not_found", async ({ request }) => {
  const id = `evt_nowhere_${Date.now()}`;
  const body = JSON.stringify({ id, type: "payment.succeeded", data: {} });
  await problem(request, { ...RECEIVER, path: "/api/webhooks/nowhere", raw: body, headers: signed(id, body) }, 404, "not_found");
});
