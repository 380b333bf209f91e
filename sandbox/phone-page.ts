import { randomBytes } from "node:crypto";
import { chargeJson, expireOverdue, findCharge } from "./charge-store";
import type { Ctx } from "./context";
import { currencyExponent } from "./currencies";
import type { ApiRequest, ApiResponse } from "./http";
import { formatMoney } from "./money";
import { PHONE_CSS, PHONE_JS } from "./phone-assets";
import { pickLang, STRINGS, type Lang, type Strings } from "./phone-i18n";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** JSON safe inside <script>: no `</script>`, no `<!--`, no line separators. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

function page(t: Strings, lang: Lang, nonce: string, title: string, content: string): string {
  const other: Lang = lang === "zh" ? "en" : "zh";
  return `<!doctype html>
<html lang="${t.htmlLang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style nonce="${nonce}">${PHONE_CSS}</style></head>
<body><header class="top"><span class="brand">Sandbox Pay</span><span class="badge">${esc(t.sandbox)}</span>
<a class="lang" href="?lang=${other}">${esc(t.other)}</a></header>
${content}
</body></html>`;
}

function htmlResponse(status: number, html: string, nonce: string): ApiResponse {
  return {
    status,
    contentType: "text/html; charset=utf-8",
    body: html,
    headers: {
      "content-security-policy": `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      "referrer-policy": "no-referrer",
    },
  };
}

const TICK = `<svg width="48" height="48" viewBox="0 0 24 24" aria-hidden="true"><path d="M5 12.5l4.2 4.2L19 7" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/** `GET /pay/{charge_id}`: what the QR code opens on the customer's phone. */
export function phonePage(ctx: Ctx, req: ApiRequest): ApiResponse {
  const lang = pickLang(req.query.get("lang"), req.headers["accept-language"]);
  const t = STRINGS[lang];
  const nonce = randomBytes(16).toString("base64");
  const row = ctx.db.transaction(() => {
    expireOverdue(ctx);
    return findCharge(ctx, req.params.id!);
  }).immediate();
  if (!row) {
    const body = `<main><div class="state expired">${esc(t.notFound)}</div><p class="note">${esc(t.notFoundHint)}</p></main>`;
    return htmlResponse(404, page(t, lang, nonce, t.notFound, body), nonce);
  }
  const charge = chargeJson(ctx, row);
  const money = (minor: number) => formatMoney(minor, charge.currency, t.locale);
  const merchant = ctx.merchantName;
  const pending = charge.status === "pending";
  const paidSoFar = charge.amount_received;
  // A pending charge with money on it was paid in part: the customer is asked
  // for the rest, never for the whole amount again (that would overpay).
  const partlyPaid = pending && paidSoFar > 0;
  const due = Math.max(0, charge.amount - paidSoFar);
  // What the Pay button (and "pay twice") pays: the rest still due; on a charge
  // with nothing due, only a forced test payment is possible, of the whole amount.
  const payAmount = due > 0 ? due : charge.amount;
  const headline = money(partlyPaid ? due : charge.amount);
  const paidLine =
    paidSoFar === 0
      ? ""
      : `<div class="received">${partlyPaid ? `<span>${esc(t.total)} ${esc(money(charge.amount))}</span> · ` : ""}<span id="paidSoFar">${esc(t.paidSoFar)} ${esc(money(paidSoFar))}</span></div>`;
  const action =
    charge.status === "pending"
      ? `<button id="pay" class="btn pay">${esc(partlyPaid ? t.payRest : t.pay)} ${esc(money(due))}</button>`
      : `<div class="state ${charge.status}">${esc(t[charge.status])}</div>`;
  const data = {
    locale: t.locale,
    currency: charge.currency,
    exp: currencyExponent(charge.currency),
    payAmount,
    expiresAt: row.expires_at,
    serverNow: ctx.now(),
    t: { timeLeft: t.timeLeft, expired: t.expired, badAmount: t.badAmount, notPayable: t.notPayable, failed: t.failed },
  };
  const content = `<main id="main">
<section class="card">
<div class="avatar">${esc(Array.from(merchant)[0] ?? "S")}</div>
<div class="payto">${esc(t.payTo)}</div><div class="merchant">${esc(merchant)}</div>
${charge.description ? `<div class="desc">${esc(charge.description)}</div>` : ""}
${partlyPaid ? `<div class="due">${esc(t.due)}</div>` : ""}<div class="amount" id="amount">${esc(headline)}</div>${paidLine}
${pending ? `<div class="timer" id="timer">${esc(t.timeLeft)}</div>` : ""}
</section>
${action}
<p id="msg" class="msg" role="alert"></p>
<details class="sandbox"><summary>${esc(t.options)}</summary>
<p class="hint">${esc(t.optionsHint)}</p>
<label for="other">${esc(t.otherAmount)}</label>
<div class="row"><input id="other" inputmode="decimal" autocomplete="off" placeholder="${esc(money(payAmount))}"><button id="payOther" class="btn sec">${esc(t.payOther)}</button></div>
<button id="payTwice" class="btn sec">${esc(t.payTwice)}</button>
<label class="force"><input type="checkbox" id="force"> ${esc(t.force)}</label>
</details>
<p class="note">${esc(t.note)}</p>
</main>
<section id="done" class="done" hidden>
<div class="tick">${TICK}</div><h1>${esc(t.success)}</h1>
<div class="amount" id="doneAmount"></div>
<div class="kv"><div><span>${esc(t.merchant)}</span><span>${esc(merchant)}</span></div>
<div><span>${esc(t.paymentId)}</span><span id="doneIds" class="mono"></span></div></div>
<button id="again" class="btn">${esc(t.done)}</button>
</section>
<script type="application/json" id="data">${scriptJson(data)}</script>
<script nonce="${nonce}">${PHONE_JS}</script>`;
  return htmlResponse(200, page(t, lang, nonce, `${merchant} · ${headline}`, content), nonce);
}
