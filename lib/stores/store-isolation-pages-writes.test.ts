/**
 * Store isolation of the owner and terminal pages, writes: every server action
 * under app/(owner) and app/(terminal) calls a use case with the signed-in
 * staff member's actor. Called exactly so as store A's owner (A's cashier for
 * the terminal screens) with store B's ids, each answers not_found (or, for a
 * B id inside A's own request, invalid_request) and leaves every B row as it
 * was; A's own list-style writes (settings, day close, statements, terminals)
 * change A only. Each check shows the call could succeed for B's own owner.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/create-api-key";
import { itemsFromCart } from "@/lib/catalogue/items-from-cart";
import { saveCategory } from "@/lib/catalogue/save-category";
import { saveProduct } from "@/lib/catalogue/save-product";
import { addStaff } from "@/lib/auth/add-staff";
import { actorRef, type Actor } from "@/lib/context";
import { newId } from "@/lib/ids";
import { replayDelivery } from "@/lib/notifications/replay-delivery";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { chargeAgain } from "@/lib/orders/charge-again";
import { checkOrder } from "@/lib/orders/check-order";
import { createOrder } from "@/lib/orders/create-order";
import { loadOrder } from "@/lib/orders/load-order";
import { saveProviderCredentials } from "@/lib/providers/save-provider-credentials";
import { finishSecretRotation, startSecretRotation } from "@/lib/providers/rotate-webhook-secret";
import { setDefaultConnection } from "@/lib/providers/set-default-connection";
import { updateProviderConnection } from "@/lib/providers/update-provider-connection";
import { wechatFixture } from "@/lib/providers/wechat/wechat-test-support";
import { closeDay } from "@/lib/reconciliation/close-day";
import { fetchStatement } from "@/lib/reconciliation/fetch-statement";
import { getDayClose } from "@/lib/reconciliation/get-day-close";
import { DISCREPANCY_TYPES } from "@/lib/reconciliation/discrepancy-types";
import { resolveDiscrepancy } from "@/lib/reconciliation/resolve-discrepancy";
import { refundDiscrepancy } from "@/lib/refunds/refund-discrepancy";
import { requestRefund } from "@/lib/refunds/request-refund";
import { addTerminal } from "@/lib/terminals/add-terminal";
import { eventually, startHarness, type Harness } from "@/test/harness";
import { getStore } from "./get-store";
import { SANDBOX_ACCOUNT_ID } from "./seed-demo-store";
import { storeSettingsOf } from "./store-settings";
import { B_OWNER_PIN, code, expectStoreBComplete, makeStoreB, rowsOfStoreB, type StoreB } from "./store-isolation-pages-support";
import { updateStoreSettings } from "./update-store-settings";

let h: Harness;
let b: StoreB;
let bOwner: Actor;
let today: string;
const bRows = () => rowsOfStoreB(h, b);

beforeAll(async () => {
  h = await startHarness();
  b = await makeStoreB(h);
  ({ owner: bOwner, today } = b);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

it("store B has every kind of row, and B's payment and refund landed on B", () => expectStoreBComplete(h, b));

describe("writes: A's actions with B's ids answer not_found and change nothing of B", () => {
  it("terminal actions as A's cashier: cancel, check, charge again, refund, sale", async () => {
    expect(await loadOrder(h.ctx.db, b.storeId, b.openOrderId)).not.toBeNull();
    const before = await bRows();
    const cashier = h.cashier;
    for (const [name, attempt] of [
      ["cancel", () => cancelOrder(h.ctx, { actor: cashier, orderId: b.openOrderId })],
      ["check", () => checkOrder(h.ctx, { actor: cashier, orderId: b.paidOrderId })],
      ["charge again", () => chargeAgain(h.ctx, { actor: cashier, orderId: b.openOrderId })],
      ["refund by id", () => requestRefund(h.ctx, { actor: cashier, orderId: b.paidOrderId, paymentId: b.paymentId, amount: 1, reason: "goods_returned", key: "a-probe-0001" })],
      ["refund by reference", () => requestRefund(h.ctx, { actor: cashier, orderId: b.paidReference, amount: 1, reason: "goods_returned", key: "a-probe-0002" })],
    ] as const) {
      expect(await code(attempt()), name).toBe("not_found");
    }
    // The sale screen: B's product in A's cart, or B's connection for A's QR, is refused.
    expect(await code(itemsFromCart(h.ctx, { storeId: cashier.storeId, cart: [{ productId: b.productId, quantity: 1 }] }))).toBe("invalid_request");
    expect(await code(createOrder(h.ctx, { actor: cashier, input: { amount: 100, connectionId: b.privateConnectionId } }))).toBe("invalid_request");
    expect(await bRows()).toEqual(before);
  });

  it("refund of A's own order: B's payment, or B's owner's PIN as the approver, is refused", async () => {
    const { orderId, chargeId } = await h.newOrder(900);
    await h.pay(chargeId);
    await h.delivered(chargeId, 1);
    const a = await getStore(h.ctx, h.owner.storeId);
    await updateStoreSettings(h.ctx, { actor: h.owner, settings: { ...storeSettingsOf(a), refundApprovalThreshold: 0 } });
    const before = await bRows();
    const refund = { actor: h.cashier, orderId, amount: 1, reason: "goods_returned" };
    expect(await code(requestRefund(h.ctx, { ...refund, paymentId: b.paymentId, key: "a-probe-0003" }))).toBe("invalid_request");
    expect(await code(requestRefund(h.ctx, { ...refund, approverPin: B_OWNER_PIN, key: "a-probe-0004" }))).toBe("approval_required");
    expect(await bRows()).toEqual(before);
    await updateStoreSettings(h.ctx, { actor: h.owner, settings: storeSettingsOf(a) });
    // B's owner's PIN does approve a refund in B (the PIN was right, for its own store).
    const bCashier: Actor = { ...bOwner, role: "cashier" };
    const { refund: approved } = await requestRefund(h.ctx, { actor: bCashier, orderId: b.paidOrderId, amount: 1, reason: "goods_returned", approverPin: B_OWNER_PIN, key: "b-approved-01" });
    expect(approved.approvedBy).toBe(`staff:${b.ownerId}`);
    await eventually(async () => (await h.ctx.db.refund.findUniqueOrThrow({ where: { id: approved.id } })).status === "succeeded");
  });

  it("reconciliation actions as A's owner: resolve (each resolution) and refund B's discrepancy", async () => {
    expect(await h.ctx.db.discrepancy.findFirst({ where: { id: b.discrepancyId, storeId: b.storeId, status: "open" } })).not.toBeNull();
    const before = await bRows();
    const actor = h.owner;
    for (const resolution of ["written_off", "refunded", "accepted"] as const) {
      expect(await code(resolveDiscrepancy(h.ctx, { actor, discrepancyId: b.discrepancyId, resolution, note: "probe" })), resolution).toBe("not_found");
    }
    expect(await code(resolveDiscrepancy(h.ctx, { actor, discrepancyId: b.discrepancyId, resolution: "linked", note: "probe", orderId: b.paidOrderId }))).toBe("not_found");
    expect(await code(refundDiscrepancy(h.ctx, { actor, discrepancyId: b.discrepancyId, amount: 1, reason: "paid_twice", key: "a-probe-0004" }))).toBe("not_found");
    expect(await bRows()).toEqual(before);
  });

  it("linking A's own unknown payment to B's order is not_found; to A's order it links", async () => {
    const paymentId = newId("pay");
    await h.ctx.db.payment.create({
      data: { id: paymentId, storeId: h.owner.storeId, accountId: SANDBOX_ACCOUNT_ID, providerPaymentId: `iso_${paymentId}`, providerChargeId: `iso_${paymentId}`, merchantRef: "iso-unknown", amount: 500, currency: "CNY", paidAt: h.ctx.now(), source: "notification" },
    });
    const discrepancyId = newId("dis");
    await h.ctx.db.discrepancy.create({ data: { id: discrepancyId, storeId: h.owner.storeId, type: "unknown_order", dedupeKey: `iso:${discrepancyId}`, paymentId, actualAmount: 500, currency: "CNY" } });
    const before = await bRows();
    const link = (orderId: string) => resolveDiscrepancy(h.ctx, { actor: h.owner, discrepancyId, resolution: "linked", note: "probe", orderId });
    expect(await code(link(b.openOrderId))).toBe("not_found");
    expect(await bRows()).toEqual(before);
    const { orderId } = await h.newOrder(500);
    expect((await link(orderId)).orderId).toBe(orderId);
  });

  it("catalogue actions as A's owner: edit B's product and category, or file A's product under B's category", async () => {
    const before = await bRows();
    const actor = h.owner;
    const product = { nameZh: "探针", nameEn: "Probe", unitAmount: 1, sortOrder: 0, active: false };
    expect(await code(saveProduct(h.ctx, { actor, product: { ...product, id: b.productId, categoryId: null } }))).toBe("not_found");
    expect(await code(saveCategory(h.ctx, { actor, category: { id: b.categoryId, nameZh: "探针", nameEn: "Probe", sortOrder: 0, active: false } }))).toBe("not_found");
    expect(await code(saveProduct(h.ctx, { actor, product: { ...product, categoryId: b.categoryId } }))).toBe("invalid_request");
    expect(await bRows()).toEqual(before);
    // The same edit as B's owner goes through: the call could have changed the row.
    await saveProduct(h.ctx, { actor: bOwner, product: { ...product, id: b.productId, nameEn: "B coffee", nameZh: "B 咖啡", unitAmount: 1234, categoryId: b.categoryId, active: true } });
  });

  it("inbox, keys and provider actions as A's owner", async () => {
    const before = await bRows();
    const actor = h.owner;
    expect(await code(replayDelivery(h.ctx, { actor, deliveryId: b.deliveryId }))).toBe("not_found");
    expect(await code(createApiKey(h.ctx, { actor, name: "probe", role: "owner", terminalId: b.terminalId }))).toBe("not_found");
    for (const connectionId of [b.sharedConnectionId, b.privateConnectionId]) {
      expect(await code(setDefaultConnection(h.ctx, { actor, connectionId }))).toBe("not_found");
    }
    // A's own provider edits and a terminal with B's code touch A's rows only.
    await updateProviderConnection(h.ctx, { actor, baseUrl: h.sandbox.url });
    await startSecretRotation(h.ctx, { actor, newSecret: "whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFB" });
    await finishSecretRotation(h.ctx, { actor });
    await addTerminal(h.ctx, { actor, code: "T7", name: "Probe" });
    expect(await bRows()).toEqual(before);
    // B's owner can make B's private connection the default: the call could have changed the row.
    await setDefaultConnection(h.ctx, { actor: bOwner, connectionId: b.privateConnectionId });
    await setDefaultConnection(h.ctx, { actor: bOwner, connectionId: b.sharedConnectionId });
  });

  it("staff and provider credentials as A's owner: a new A cashier with B's owner's PIN, A's own WeChat Pay account", async () => {
    const before = await bRows();
    await addStaff(h.ctx, { storeId: h.owner.storeId, actor: actorRef(h.owner), name: "A probe", role: "cashier", pin: B_OWNER_PIN });
    const { baseUrl, timeoutMs: _t, now: _n, ...credentials } = wechatFixture().config("https://api.mch.weixin.qq.com");
    const { accountId } = await saveProviderCredentials(h.ctx, { actor: h.owner, kind: "wechat", baseUrl, credentials });
    expect((await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: accountId } })).storeId).toBe(h.owner.storeId);
    expect(await bRows()).toEqual(before);
  });

  it("settings: A's save changes A's store only", async () => {
    const before = await bRows();
    const a = await getStore(h.ctx, h.owner.storeId);
    const settings = { ...storeSettingsOf(a), qrLifetimeS: 321, amountTolerance: 3 };
    await updateStoreSettings(h.ctx, { actor: h.owner, settings });
    expect(storeSettingsOf(await getStore(h.ctx, h.owner.storeId))).toEqual(settings);
    expect(await bRows()).toEqual(before);
  });

  it("fetch statement and day close: A's import and close leave B's day open", async () => {
    const before = await bRows();
    const paidOn = before.payments[0]!.paidAt; // the (UTC) statement day that holds B's payment, and the day before it
    const yesterday = new Date(paidOn.getTime() - 86_400_000).toISOString().slice(0, 10);
    const imported = await fetchStatement(h.ctx, { storeId: h.owner.storeId, day: yesterday, importedBy: actorRef(h.owner) });
    expect(imported).toMatchObject({ day: yesterday, repeated: false });
    expect((await h.ctx.db.statementImport.findUniqueOrThrow({ where: { id: imported.importId } })).storeId).toBe(h.owner.storeId);
    expect(await bRows()).toEqual(before);
    // Today's statement of the chain's shared account holds B's payment too: matching is per account
    // (lib/reconciliation/match-statement-import.ts), so A's import books that payment's fee and net
    // on B's row, and changes nothing else of B. (Reported: an account-wide effect, not a page leak.)
    await fetchStatement(h.ctx, { storeId: h.owner.storeId, day: paidOn.toISOString().slice(0, 10), importedBy: actorRef(h.owner) });
    const booked = await bRows();
    expect(booked.payments.map(({ fee: _f, net: _n, ...rest }) => rest)).toEqual(before.payments.map(({ fee: _f, net: _n, ...rest }) => rest));
    expect(booked.payments.map((p) => p.fee)).not.toContain(null);
    expect({ ...booked, payments: [] }).toEqual({ ...before, payments: [] });
    const closed = await closeDay(h.ctx, { actor: h.owner, day: today, acknowledged: [...DISCREPANCY_TYPES] });
    expect(closed.repeated).toBe(false);
    expect((await getDayClose(h.ctx, { storeId: h.owner.storeId, day: today })).state).toBe("closed");
    const bDay = await getDayClose(h.ctx, { storeId: b.storeId, day: today });
    expect(bDay.state).toBe("open");
    expect(bDay.report.payments.total).toEqual({ count: 1, amount: 1234 });
    expect(await bRows()).toEqual(booked);
  });

  it("B's owner can do what A could not (the calls above were able to succeed)", async () => {
    expect((await cancelOrder(h.ctx, { actor: bOwner, orderId: b.openOrderId })).status).toBe("cancelled");
    expect((await resolveDiscrepancy(h.ctx, { actor: bOwner, discrepancyId: b.discrepancyId, resolution: "written_off", note: "B's own" })).status).toBe("resolved");
    // B's delivery passes B's store check and is then refused for what it is (no event to re-apply), never as not_found.
    expect(await code(replayDelivery(h.ctx, { actor: bOwner, deliveryId: b.deliveryId }))).toBe("conflict");
  });
});
