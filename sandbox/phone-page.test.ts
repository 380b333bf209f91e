import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chargeBody, eventsOf, paidCharge, Receiver, startTestSandbox, tempDbPath, waitFor, type TestSandbox } from "./test-support";
import { Charge, PayResult } from "./test-schemas";

let sb: TestSandbox;
let receiver: Receiver;
const db = tempDbPath();

beforeAll(async () => {
  receiver = await new Receiver().start();
  sb = await startTestSandbox({ dbPath: db.dbPath, merchantName: `Tea & "Cake" <Shop>` });
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
  db.cleanup();
});

const newCharge = async (overrides: Record<string, unknown> = {}) =>
  (await sb.api("POST", "/v1/charges", { body: chargeBody(receiver.url, overrides) })).as(Charge);

const page = (id: string, lang?: string, query = "") =>
  sb.api("GET", `/pay/${id}${query}`, { key: null, headers: lang ? { "accept-language": lang } : {} });

describe("GET /pay/{charge_id}", () => {
  it("shows merchant, amount, description and a Pay button, in Chinese for zh*", async () => {
    const charge = await newCharge();
    const r = await page(charge.id, "zh-CN,zh;q=0.9,en;q=0.8");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(r.text).toContain('<html lang="zh-CN">');
    expect(r.text).toContain("¥23.50");
    expect(r.text).toContain("确认支付");
    expect(r.text).toContain("Order T1-000123");
    expect(r.text).toContain('id="timer"');
    expect(r.text).toContain("Tea &amp; &quot;Cake&quot; &lt;Shop&gt;");
    expect(r.text).toMatch(/name="viewport" content="width=device-width/);
  });

  it("speaks English for en and others, and ?lang= switches", async () => {
    const charge = await newCharge();
    for (const lang of ["en-GB,en;q=0.9", "fr-FR", undefined]) {
      const r = await page(charge.id, lang);
      expect(r.text).toContain('<html lang="en">');
      expect(r.text).toContain("CN¥23.50");
    }
    expect((await page(charge.id, "en-US", "?lang=zh")).text).toContain("确认支付");
    expect((await page(charge.id, "zh-TW", "?lang=en")).text).toContain(">Pay CN¥23.50<");
  });

  it("formats with the currency's ISO exponent (JPY 0, KWD 3)", async () => {
    expect((await page((await newCharge({ currency: "JPY", amount: 500 })).id, "en")).text).toContain("¥500");
    expect((await page((await newCharge({ currency: "KWD", amount: 1500 })).id, "en")).text).toMatch(/KWD\s1\.500/);
  });

  it("escapes the description everywhere, and locks scripts down with a nonce CSP", async () => {
    const evil = `</script><script>alert("x")</script><img src=x onerror=alert(1)> & '`;
    const r = await page((await newCharge({ description: evil })).id, "en");
    expect(r.text).not.toContain("<script>alert");
    expect(r.text).not.toContain("<img src=x");
    expect(r.text).toContain("&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    const csp = r.headers.get("content-security-policy")!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    expect(r.text).toContain(`<script nonce="${nonce}">`);
    expect(csp).toContain("default-src 'none'");
  });

  it("shows expired, closed and paid charges plainly, without a Pay button", async () => {
    const expired = await newCharge();
    await sb.api("POST", `/sandbox/charges/${expired.id}/expire`);
    const closed = await newCharge();
    await sb.api("POST", `/v1/charges/${closed.id}/close`);
    const { charge: paid } = await paidCharge(sb, receiver.url);
    for (const [id, text] of [[expired.id, "二维码已过期"], [closed.id, "订单已关闭"], [paid.id, "订单已支付"]] as const) {
      const r = await page(id, "zh");
      expect(r.status).toBe(200);
      expect(r.text).toContain(text);
      expect(r.text).not.toContain('id="pay"');
    }
  });

  it("an unknown charge gets a 404 page", async () => {
    const r = await page("ch_unknown", "en");
    expect(r.status).toBe(404);
    expect(r.text).toContain("Payment code not found");
  });
});

describe("POST /pay/{charge_id}", () => {
  it("pays without a key, with normal delivery; then 409 unless forced", async () => {
    const charge = await newCharge();
    const paid = await sb.api("POST", `/pay/${charge.id}`, { key: null, body: {} });
    expect(paid.status).toBe(201);
    expect(paid.as(PayResult).charge.status).toBe("succeeded");
    const again = await sb.api("POST", `/pay/${charge.id}`, { key: null, body: {} });
    expect(again).toMatchObject({ status: 409, json: { error: { code: "charge_not_payable" } } });
    const forced = await sb.api("POST", `/pay/${charge.id}`, { key: null, body: { force: true, amount: 100 } });
    expect(forced.status).toBe(201);
    expect(forced.as(PayResult).charge.amount_received).toBe(2450);
    // The customer cannot choose how the merchant is notified.
    expect((await sb.api("POST", `/pay/${charge.id}`, { key: null, body: { delivery: "drop" } })).status).toBe(422);
    expect((await sb.api("POST", "/pay/ch_unknown", { key: null, body: {} })).status).toBe(404);
    const events = await waitFor(async () => {
      const list = await eventsOf(sb, charge.id);
      return list.length === 2 && list.every((e) => e.state === "delivered") && list;
    });
    expect(events.every((e) => e.delivery === "normal")).toBe(true);
  });
});
