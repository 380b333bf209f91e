/**
 * Webhook secret rotation with a real Sandbox Pay delivering throughout: while
 * a rotation is under way both secrets verify, so payments signed before and
 * after the provider switched are all applied; once finished, the old secret
 * is refused. Secrets never reach the audit log or the page's view.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveNotification } from "@/lib/notifications/receive-notification";
import { RejectedAttemptLimiter } from "@/lib/notifications/rejected-attempts";
import { appErrorOf, startHarness, TEST_WEBHOOK_SECRET, type Harness } from "@/test/harness";
import { getProviderConnection } from "./provider-connection-view";
import { finishSecretRotation, startSecretRotation } from "./rotate-webhook-secret";
import { updateProviderConnection } from "./update-provider-connection";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const NEW_SECRET = `whsec_${randomBytes(24).toString("base64")}`;

/** Pays a new order through Sandbox Pay and waits until its notification was delivered; the order's status after. */
async function payOne(amount: number) {
  const { orderId, chargeId } = await h.newOrder(amount);
  await h.pay(chargeId);
  const [event] = await h.delivered(chargeId, 1);
  const order = await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } });
  return { status: order.status, attempts: event!.attempts.map((a) => a.status_code) };
}

describe("webhook secret rotation", () => {
  it("no payment is refused or lost while the provider switches secrets", async () => {
    expect(await payOne(101)).toEqual({ status: "paid", attempts: [200] });

    await startSecretRotation(h.ctx, { actor: h.owner, newSecret: NEW_SECRET });
    // The provider still signs with the old secret: the retiring secret verifies it.
    expect(await payOne(102)).toEqual({ status: "paid", attempts: [200] });

    expect((await h.sandboxApi("POST", "/sandbox/webhook-secret", { secret: NEW_SECRET })).status).toBe(200);
    expect(await payOne(103)).toEqual({ status: "paid", attempts: [200] });

    await finishSecretRotation(h.ctx, { actor: h.owner });
    expect(await payOne(104)).toEqual({ status: "paid", attempts: [200] });
    expect(await h.ctx.db.webhookDelivery.count({ where: { verified: false } })).toBe(0);
  });

  it("once finished, a notification signed with the retired secret is refused", async () => {
    const body = JSON.stringify({ id: "evt_retired", type: "ping", created_at: new Date().toISOString(), data: {} });
    const now = new Date();
    const headers = new Headers({ "webhook-id": "evt_retired", "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": new Webhook(TEST_WEBHOOK_SECRET).sign("evt_retired", now, body) });
    const answer = await receiveNotification(h.ctx, { kind: "sandbox", rawBody: body, headers, limiter: new RejectedAttemptLimiter() });
    expect(answer.status).toBe(401);
  });

  it("one rotation at a time, a malformed secret is refused, and finishing twice is a conflict", async () => {
    expect((await appErrorOf(startSecretRotation(h.ctx, { actor: h.owner, newSecret: "not-a-secret" }))).code).toBe("invalid_request");
    expect((await appErrorOf(finishSecretRotation(h.ctx, { actor: h.owner }))).code).toBe("conflict");
    const another = `whsec_${randomBytes(24).toString("base64")}`;
    await startSecretRotation(h.ctx, { actor: h.owner, newSecret: another });
    expect((await appErrorOf(startSecretRotation(h.ctx, { actor: h.owner, newSecret: `whsec_${randomBytes(24).toString("base64")}` }))).code).toBe("conflict");
    const view = await getProviderConnection(h.ctx, h.owner.storeId);
    expect(view.rotatingSince).not.toBeNull();
    expect(JSON.stringify(view)).not.toContain(another.slice(6, -4));
    expect(JSON.stringify(view)).not.toContain(NEW_SECRET.slice(6, -4));
    await finishSecretRotation(h.ctx, { actor: h.owner });
  });

  it("the URL and key change write-only, and nothing secret is audited", async () => {
    const account = await h.ctx.db.providerAccount.findFirstOrThrow();
    await updateProviderConnection(h.ctx, { actor: h.owner, baseUrl: account.baseUrl });
    expect((await h.ctx.db.providerAccount.findFirstOrThrow()).apiKey).toBe(account.apiKey);
    await updateProviderConnection(h.ctx, { actor: h.owner, baseUrl: account.baseUrl, apiKey: "sk_changed_secret_key" });
    expect((await h.ctx.db.providerAccount.findFirstOrThrow()).apiKey).toBe("sk_changed_secret_key");
    const audit = JSON.stringify(await h.ctx.db.auditEvent.findMany({ where: { entityType: "provider_account" } }));
    for (const secret of ["sk_changed_secret_key", NEW_SECRET, TEST_WEBHOOK_SECRET, account.apiKey]) expect(audit).not.toContain(secret);
    expect(audit).toContain("provider.rotation_started");
    expect(audit).toContain("provider.rotation_finished");
  });
});
