import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { chargeBody, eventsOf, paidCharge, Receiver, startTestSandbox, tempDbPath, waitFor, type TestSandbox } from "./test-support";

const Charge = z.object({
  id: z.string(),
  amount: z.number().int(),
  status: z.enum(["pending", "succeeded", "expired", "closed"]),
  amount_received: z.number().int(),
  payments: z.array(z.object({ id: z.string(), amount: z.number().int() })),
});
const Paid = z.object({ payment: z.object({ id: z.string(), amount: z.number().int() }), charge: Charge });
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
/** What the page's script reads from its JSON block. */
const PageData = z.object({ payAmount: z.number().int(), currency: z.string(), exp: z.number().int() });
/** A body the page's buttons POST to /pay/{charge_id}. */
const PayBody = z.object({ amount: z.number().int().optional(), force: z.boolean().optional() }).strict();

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
  Charge.parse((await sb.api("POST", "/v1/charges", { body: chargeBody(receiver.url, overrides) })).json);

const getCharge = async (id: string) => Charge.parse((await sb.api("GET", `/v1/charges/${id}`)).json);

/** A customer pays part of a charge (the merchant-side sandbox control, as tests do). */
const payPart = async (id: string, amount: number) => {
  const r = await sb.api("POST", `/sandbox/charges/${id}/pay`, { body: { amount } });
  expect(r.status).toBe(201);
  return Paid.parse(r.json);
};

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
    const paid = Charge.parse((await paidCharge(sb, receiver.url)).charge);
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

const pageData = (html: string) =>
  PageData.parse(JSON.parse(/<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html)![1]!));

/** The button (or state) that sits where the customer's thumb goes: everything before the sandbox options. */
const primary = (html: string) => html.slice(html.indexOf("</section>"), html.indexOf("<details"));

interface FakeElement {
  tag: string;
  textContent: string;
  value: string;
  hidden: boolean;
  disabled: boolean;
  checked: boolean;
  dataset: Record<string, string>;
  classList: { add(name: string): void };
  onclick: (() => void) | null;
}

/**
 * Runs the page's own script on a minimal DOM built from the element ids in
 * its HTML, so that a test presses the very buttons a customer presses. The
 * script's requests go to the real sandbox; the bodies it sends are recorded.
 */
function openOnPhone(html: string, chargeId: string) {
  const elements = new Map<string, FakeElement>();
  for (const [, tag = "", attributes = ""] of html.matchAll(/<(\w+)(\s[^>]*)>/g)) {
    const id = /\sid="([^"]+)"/.exec(attributes)?.[1];
    if (id === undefined) continue;
    elements.set(id, {
      tag,
      textContent: "",
      value: "",
      hidden: /\shidden(\s|$)/.test(attributes),
      disabled: false,
      checked: false,
      dataset: {},
      classList: { add: () => undefined },
      onclick: null,
    });
  }
  elements.get("data")!.textContent = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  const script = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html)![1]!;
  const posted: z.infer<typeof PayBody>[] = [];
  const context = vm.createContext({
    document: {
      getElementById: (id: string) => elements.get(id) ?? null,
      querySelectorAll: () => [...elements.values()].filter((e) => e.tag === "button"),
    },
    location: { pathname: `/pay/${chargeId}`, reload: () => undefined },
    window: { scrollTo: () => undefined },
    // The countdown re-arms itself every 250 ms; once is enough here.
    setTimeout: () => 0,
    fetch: (path: string, init: { method: string; headers: Record<string, string>; body: string }) => {
      posted.push(PayBody.parse(JSON.parse(init.body)));
      return fetch(sb.url + path, init);
    },
  });
  vm.runInContext(script, context);
  const el = (id: string) => elements.get(id)!;
  return {
    el,
    posted,
    /** Presses a button and waits until the page shows its outcome (the receipt, or a message). */
    async press(id: string) {
      el(id).onclick!();
      await waitFor(() => !el("done").hidden || el("msg").textContent !== "");
    },
  };
}

describe("the phone page after a partial payment", () => {
  it("says what was paid and offers exactly the rest as its Pay button, in English", async () => {
    const charge = await newCharge();
    await payPart(charge.id, 1000);
    const r = await page(charge.id, "en");
    expect(r.text).toContain("Already paid CN¥10.00");
    expect(r.text).toContain("Order total CN¥23.50");
    expect(r.text).toContain('<div class="due">Still to pay</div><div class="amount" id="amount">CN¥13.50</div>');
    expect(primary(r.text)).toContain('<button id="pay" class="btn pay">Pay the rest CN¥13.50</button>');
    expect(r.text).not.toContain("CN¥23.50</button>");
    expect(pageData(r.text).payAmount).toBe(1350);
    expect(r.text).toContain("<title>Tea &amp; &quot;Cake&quot; &lt;Shop&gt; · CN¥13.50</title>");
  });

  it("says the same in Chinese", async () => {
    const charge = await newCharge();
    await payPart(charge.id, 1000);
    const r = await page(charge.id, "zh-CN");
    expect(r.text).toContain("已付 ¥10.00");
    expect(r.text).toContain("订单金额 ¥23.50");
    expect(r.text).toContain('<div class="due">还需支付</div><div class="amount" id="amount">¥13.50</div>');
    expect(primary(r.text)).toContain('<button id="pay" class="btn pay">支付剩余 ¥13.50</button>');
  });

  it("pressing Pay pays exactly the rest: the charge is paid, not overpaid, and no Pay button is left", async () => {
    const charge = await newCharge();
    await payPart(charge.id, 1000);
    const phone = openOnPhone((await page(charge.id, "en")).text, charge.id);
    await phone.press("pay");
    expect(phone.el("msg").textContent).toBe("");
    expect(phone.posted).toEqual([{ amount: 1350, force: false }]);
    expect(phone.el("doneAmount").textContent).toBe("CN¥13.50");
    const after = await getCharge(charge.id);
    expect(after).toMatchObject({ status: "succeeded", amount_received: 2350 });
    expect(after.payments.map((p) => p.amount)).toEqual([1000, 1350]);

    const r = await page(charge.id, "en");
    expect(r.text).not.toContain('id="pay"');
    expect(primary(r.text)).toContain('<div class="state succeeded">This order is paid</div>');
    expect(r.text).toContain("Already paid CN¥23.50");
    expect(r.text).not.toContain("Still to pay");
  });

  it("keeps the test payments, secondary and labelled: another amount, and the rest paid twice", async () => {
    const charge = await newCharge();
    await payPart(charge.id, 1000);
    const html = (await page(charge.id, "en")).text;
    const options = html.slice(html.indexOf("<details"), html.indexOf("</details>"));
    expect(options).toContain("<summary>Sandbox test options</summary>");
    expect(options).toContain("For tests only");
    expect(options).toContain('id="payOther" class="btn sec"');
    expect(options).toContain('id="payTwice" class="btn sec">Pay twice (duplicate payment)</button>');
    expect(primary(html)).not.toContain("payOther");
    expect(primary(html)).not.toContain("payTwice");

    const under = openOnPhone(html, charge.id);
    under.el("other").value = "3.50";
    await under.press("payOther");
    expect(under.posted).toEqual([{ amount: 350, force: false }]);
    expect(await getCharge(charge.id)).toMatchObject({ status: "pending", amount_received: 1350 });

    const twice = openOnPhone((await page(charge.id, "en")).text, charge.id);
    await twice.press("payTwice");
    expect(twice.posted).toEqual([{ amount: 1000, force: false }, { amount: 1000, force: true }]);
    expect(await getCharge(charge.id)).toMatchObject({ status: "succeeded", amount_received: 3350 });
  });
});

describe("POST /pay/{charge_id}", () => {
  it("pays without a key, with normal delivery; then 409 unless forced", async () => {
    const charge = await newCharge();
    const paid = await sb.api("POST", `/pay/${charge.id}`, { key: null, body: {} });
    expect(paid.status).toBe(201);
    expect(Paid.parse(paid.json).charge.status).toBe("succeeded");
    const again = await sb.api("POST", `/pay/${charge.id}`, { key: null, body: {} });
    expect(again.status).toBe(409);
    expect(ErrorBody.parse(again.json).error.code).toBe("charge_not_payable");
    const forced = await sb.api("POST", `/pay/${charge.id}`, { key: null, body: { force: true, amount: 100 } });
    expect(forced.status).toBe(201);
    expect(Paid.parse(forced.json).charge.amount_received).toBe(2450);
    // The customer cannot choose how the merchant is notified.
    expect((await sb.api("POST", `/pay/${charge.id}`, { key: null, body: { delivery: "drop" } })).status).toBe(422);
    expect((await sb.api("POST", "/pay/ch_unknown", { key: null, body: {} })).status).toBe(404);
    const events = await waitFor(async () => {
      const list = z.array(z.object({ state: z.string(), delivery: z.string() })).parse(await eventsOf(sb, charge.id));
      return list.length === 2 && list.every((e) => e.state === "delivered") && list;
    });
    expect(events.every((e) => e.delivery === "normal")).toBe(true);
  });
});
