import { expect, test } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { DiscrepancyPageResponse, DiscrepancyResponse } from "../../lib/reconciliation/discrepancy-response";
import { ImportStatementResponse, ReconciliationSummaryResponse } from "../../lib/reconciliation/reconciliation-schemas";
import { answer, getOrder, newOrder, problem, sandbox } from "./contract";

const STATEMENTS = "/api/v1/statements";
const SUMMARY = "/api/v1/reconciliation/summary";
const RESOLVE = "/api/v1/discrepancies/{discrepancyId}/resolve";
const csv = { "content-type": "text/csv" };
const today = () => new Date().toISOString().slice(0, 10);
const HEADER = "time,type,charge_id,merchant_ref,payment_id,refund_id,amount,fee,net,currency";

/** Today's statement as Sandbox Pay makes it now (partial: up to this second). */
async function providerStatement(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${E2E.sandboxPort}/v1/statements?date=${today()}`, { headers: { authorization: `Bearer ${E2E.sandboxKey}` } });
  expect(res.status).toBe(200);
  return res.text();
}

const importStatement = (request: Parameters<typeof answer>[0], raw: string, query = "") =>
  answer(request, { method: "POST", path: `${STATEMENTS}${query}`, template: STATEMENTS, key: E2E.ownerKey, raw, headers: csv }, 200, ImportStatementResponse);

test.describe("statements: import, summary and resolving over HTTP", () => {
  test("a payment whose notification was dropped is found by the provider's statement; the same file again changes nothing", async ({ request }) => {
    const { order, chargeId } = await newOrder(request, 3100);
    expect((await sandbox("POST", `/sandbox/charges/${chargeId}/pay`, { delivery: "drop" })).status).toBe(201);
    // The statement is cut at whole seconds: wait until the payment's second is over.
    await new Promise((r) => setTimeout(r, 1_100));
    const file = await providerStatement();
    expect(file).toContain(order.provider_ref);

    const first = await importStatement(request, file);
    expect(first).toMatchObject({ day: today(), repeated: false });
    expect(first.lines).toBeGreaterThanOrEqual(1);
    expect(first.discrepancies_opened).toBeGreaterThanOrEqual(1);
    const paid = await getOrder(request, order.id);
    expect(paid).toMatchObject({ status: "paid", amount_received: 3100, payments: [{ source: "statement", amount: 3100 }] });

    const again = await importStatement(request, file);
    expect(again).toMatchObject({ id: first.id, repeated: true, discrepancies_opened: 0, lines: first.lines });

    const list = await answer(request, { method: "GET", path: `/api/v1/discrepancies?order_id=${order.id}`, template: "/api/v1/discrepancies", key: E2E.ownerKey }, 200, DiscrepancyPageResponse);
    const unnotified = list.data.find((d) => d.type === "unnotified_payment");
    if (!unnotified) throw new Error("the statement opened no unnotified_payment");
    expect(unnotified).toMatchObject({ status: "open", order_id: order.id, actual_amount: 3100 });

    const resolvePath = `/api/v1/discrepancies/${unnotified.id}/resolve`;
    await problem(request, { method: "POST", path: resolvePath, template: RESOLVE, key: E2E.ownerKey, json: { resolution: "written_off", note: "x" } }, 422, "invalid_request");
    await problem(request, { method: "POST", path: resolvePath, template: RESOLVE, key: E2E.ownerKey, json: { resolution: "accepted" } }, 422, "invalid_request");
    await problem(request, { method: "POST", path: resolvePath, template: RESOLVE, json: { resolution: "accepted", note: "x" } }, 403, "forbidden");
    const resolved = await answer(request, { method: "POST", path: resolvePath, template: RESOLVE, key: E2E.ownerKey, json: { resolution: "accepted", note: "goods handed over" } }, 200, DiscrepancyResponse);
    expect(resolved).toMatchObject({ id: unnotified.id, status: "resolved", resolution: "accepted", note: "goods handed over" });
    expect(resolved.resolved_by).toMatch(/^api_key:/);
    await problem(request, { method: "POST", path: resolvePath, template: RESOLVE, key: E2E.ownerKey, json: { resolution: "accepted", note: "again" } }, 409, "conflict");
    await problem(request, { method: "POST", path: "/api/v1/discrepancies/dis_00000000000000000000000000/resolve", template: RESOLVE, key: E2E.ownerKey, json: { resolution: "accepted", note: "x" } }, 404, "not_found");
  });

  test("a malformed file is 422 naming the line and the column, and nothing is imported", async ({ request }) => {
    const file = [`# period: ${today()}T00:00:00Z/${today()}T00:00:01Z`, HEADER, `${today()}T00:00:00Z,PAYMENT,ch_e2e,REFE2E,pay_e2e,,12.50,0,1250,CNY`, ""].join("\n");
    const body = await problem(request, { method: "POST", path: STATEMENTS, key: E2E.ownerKey, raw: file, headers: csv }, 422, "invalid_request");
    expect(body).toMatchObject({ line: 3, column: "amount", errors: [{ path: "line.3.amount" }] });
    expect(body.detail).toContain("line 3, column amount");
  });

  test("statements need an owner key, a real date when the file has no period", async ({ request }) => {
    await problem(request, { method: "POST", path: STATEMENTS, raw: `${HEADER}\n`, headers: csv }, 403, "forbidden");
    await problem(request, { method: "POST", path: STATEMENTS, key: E2E.ownerKey, raw: `${HEADER}\n`, headers: csv }, 422, "invalid_request");
    await problem(request, { method: "POST", path: `${STATEMENTS}?date=tomorrow`, template: STATEMENTS, key: E2E.ownerKey, raw: `${HEADER}\n`, headers: csv }, 422, "invalid_request");
    const none = await importStatement(request, `${HEADER}\n`, "?date=2026-01-01");
    expect(none).toMatchObject({ lines: 0, day: "2026-01-01", period_start: "2026-01-01T00:00:00.000Z", period_end: "2026-01-02T00:00:00.000Z" });
    await problem(request, { method: "POST", path: STATEMENTS, key: E2E.ownerKey, raw: "", headers: csv }, 400, "invalid_request");
  });

  test("summary: the store's business day with every figure, an owner key, and a date", async ({ request }) => {
    const shanghaiToday = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const summary = await answer(request, { method: "GET", path: `${SUMMARY}?date=${shanghaiToday}`, template: SUMMARY, key: E2E.ownerKey }, 200, ReconciliationSummaryResponse);
    expect(summary).toMatchObject({ date: shanghaiToday, currency: "CNY" });
    expect(summary.received).toBeGreaterThanOrEqual(3100);
    expect(summary.settled).toBeLessThanOrEqual(summary.received);
    expect(summary.net).toBe(summary.settled - summary.fees - summary.refunded);
    await problem(request, { method: "GET", path: SUMMARY, key: E2E.ownerKey }, 422, "invalid_request");
    await problem(request, { method: "GET", path: `${SUMMARY}?date=2026-02-30`, template: SUMMARY, key: E2E.ownerKey }, 422, "invalid_request");
    await problem(request, { method: "GET", path: `${SUMMARY}?date=${shanghaiToday}`, template: SUMMARY }, 403, "forbidden");
  });
});
