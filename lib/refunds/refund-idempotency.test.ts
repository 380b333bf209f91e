/**
 * The refund route's Idempotency-Key, through its real Next.js route handler
 * against the harness's SQLite file and a real Sandbox Pay: the stored request
 * fingerprint never holds the approver's PIN; a retry with the same key that
 * adds the PIN after a 403 approval_required refunds (once); the same key with
 * another amount is a 409.
 *
 * The route gets its context from serverCtx(), which reads process.env once:
 * the env points at the harness before the first call (as in api-v1.test.ts).
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as orderRefundsRoute } from "@/app/api/v1/orders/[orderId]/refunds/route";
import { canonicalJson } from "@/lib/api/idempotency";
import { ProblemSchema } from "@/lib/api/problem-schema";
import { RefundResponse } from "@/lib/orders/order-response";
import { serverCtx } from "@/lib/server-context";
import { eventually, startHarness, type Harness, serveRoutesFrom } from "@/test/harness";
import { parseAs } from "@/test/parse";
import { paidOrder, sandboxRefundsByKey } from "./refund-test-kit";

const CASHIER_KEY = "tk_demo_0000000000000000";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  serveRoutesFrom(h);
});
afterAll(async () => {
  await (await serverCtx()).db.$disconnect();
  await h?.close();
});

type Answer = { status: number; replayed: boolean; json: unknown };

async function postRefund(orderId: string, key: string, body: Record<string, unknown>): Promise<Answer> {
  const request = new Request(`http://till.test/api/v1/orders/${orderId}/refunds`, {
    method: "POST",
    headers: { authorization: `Bearer ${CASHIER_KEY}`, "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify(body),
  });
  const response = await orderRefundsRoute(request, { params: Promise.resolve({ orderId }) });
  return { status: response.status, replayed: response.headers.get("idempotent-replayed") === "true", json: JSON.parse(await response.text()) as unknown };
}

const problemCode = (answer: Answer) => parseAs(ProblemSchema, answer.json, `the ${answer.status} answer`).code;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("refund idempotency and the approver's PIN", () => {
  it("the fingerprint leaves the PIN out: a retry that adds it after approval_required refunds once; another amount is a 409", async () => {
    const { orderId } = await paidOrder(h, 30_000);
    const key = `pin-retry-${Date.now()}`;
    const refund = { amount: 25_000, reason: "returned" };
    const ownerPin = h.env.TILL_SEED_OWNER_PIN;
    const owner = await h.ctx.db.staff.findFirstOrThrow({ where: { role: "owner" } });

    // Above the threshold without a PIN: 403, and the answer is not kept for the key.
    const first = await postRefund(orderId, key, refund);
    expect(first.status).toBe(403);
    expect(problemCode(first)).toBe("approval_required");

    // A wrong PIN with the same key runs again (it counts toward the owner's lockout), and is refused.
    const wrong = await postRefund(orderId, key, { ...refund, approver_pin: "000000" });
    expect(wrong.status).toBe(403);
    expect(wrong.replayed).toBe(false);
    expect(problemCode(wrong)).toBe("approval_required");
    expect((await h.ctx.db.staff.findUniqueOrThrow({ where: { id: owner.id } })).failedPinCount).toBe(1);

    // The right PIN with the same key: the refund is made, approved by the owner.
    const approved = await postRefund(orderId, key, { ...refund, approver_pin: ownerPin });
    expect(approved.status).toBe(201);
    const made = parseAs(RefundResponse, approved.json);
    expect(made).toMatchObject({ amount: 25_000, approved_by: `staff:${owner.id}` });

    // The same key again, with or without the PIN, is the same refund, replayed.
    for (const body of [{ ...refund, approver_pin: ownerPin }, refund]) {
      const again = await postRefund(orderId, key, body);
      expect(again.status).toBe(201);
      expect(again.replayed).toBe(true);
      expect(parseAs(RefundResponse, again.json).id).toBe(made.id);
    }
    // The same key for another amount is a conflict, PIN or not.
    for (const body of [{ ...refund, amount: 24_000 }, { ...refund, amount: 24_000, approver_pin: ownerPin }]) {
      const other = await postRefund(orderId, key, body);
      expect(other.status).toBe(409);
      expect(problemCode(other)).toBe("conflict");
    }

    // One refund, at Till and at the provider.
    const rows = await h.ctx.db.refund.findMany({ where: { orderId } });
    expect(rows).toHaveLength(1);
    expect(await sandboxRefundsByKey(h, rows[0]!.refundKey)).toHaveLength(1);

    // What is stored for the key is the fingerprint of the refund alone: no PIN, nothing derived from it.
    const record = await h.ctx.db.idempotencyRecord.findFirstOrThrow({ where: { key } });
    expect(record.requestHash).toBe(sha256(canonicalJson(refund)));
    for (const pin of [ownerPin, "000000"]) expect(record.requestHash).not.toBe(sha256(canonicalJson({ ...refund, approver_pin: pin })));
    expect(JSON.stringify(record)).not.toContain(ownerPin);
    await eventually(async () => (await h.ctx.db.refund.findUniqueOrThrow({ where: { id: made.id } })).status === "succeeded");
  });

  it("a refund below the threshold with a PIN it did not need: the same key without the PIN replays it", async () => {
    const { orderId } = await paidOrder(h, 5_000);
    const key = `pin-unneeded-${Date.now()}`;
    const first = await postRefund(orderId, key, { amount: 1_000, reason: "part", approver_pin: h.env.TILL_SEED_OWNER_PIN });
    expect(first.status).toBe(201);
    const again = await postRefund(orderId, key, { amount: 1_000, reason: "part" });
    expect(again).toMatchObject({ status: 201, replayed: true });
    expect(parseAs(RefundResponse, again.json).id).toBe(parseAs(RefundResponse, first.json).id);
    expect(await h.ctx.db.refund.count({ where: { orderId } })).toBe(1);
  });
});
