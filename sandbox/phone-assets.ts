// The phone page's inline CSS and script. Plain strings (no build step); the
// script reads its data from a JSON <script> block and writes only with
// textContent, so nothing from the server is ever parsed as HTML.

export const PHONE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 -apple-system,BlinkMacSystemFont,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei","Segoe UI",Roboto,sans-serif;background:#f2f3f5;color:#111;-webkit-text-size-adjust:100%}
.top{display:flex;align-items:center;gap:8px;padding:12px 16px;background:#fff;border-bottom:1px solid #e6e6e6}
.brand{font-weight:700}
.badge{font-size:11px;font-weight:700;letter-spacing:.04em;color:#b35c00;background:#fff1db;border-radius:4px;padding:2px 6px}
.lang{margin-left:auto;color:#576b95;text-decoration:none;font-size:14px}
main,.done{max-width:480px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:16px;padding:24px 20px;text-align:center;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.avatar{width:56px;height:56px;border-radius:50%;margin:0 auto 8px;background:#07c160;color:#fff;font-size:26px;font-weight:700;display:flex;align-items:center;justify-content:center}
.payto{color:#777;font-size:14px}
.merchant{font-size:18px;font-weight:600;margin-top:2px}
.desc{color:#555;margin-top:6px;word-break:break-word}
.amount{font-size:44px;font-weight:700;margin:18px 0 6px;letter-spacing:-.01em;word-break:break-all}
.due{color:#777;font-size:14px;margin-top:18px}
.due+.amount{margin-top:2px}
.received{color:#777;font-size:14px}
.timer{display:inline-block;margin-top:10px;padding:4px 12px;border-radius:999px;background:#eef8f1;color:#067a3e;font-size:14px;font-variant-numeric:tabular-nums}
.timer.over{background:#f5f5f5;color:#888}
.btn{display:block;width:100%;border:0;border-radius:12px;font-size:18px;font-weight:600;padding:16px;cursor:pointer}
.pay{margin-top:20px;min-height:60px;background:#07c160;color:#fff;font-size:20px}
.pay:active{background:#06ad56}
.btn:disabled{background:#c8c8c8;color:#fff;cursor:default}
.state{margin-top:20px;padding:18px;border-radius:12px;text-align:center;font-size:18px;font-weight:600;background:#fff}
.state.expired,.state.closed{color:#888}
.state.succeeded{color:#067a3e}
.msg{min-height:1.4em;color:#d0312d;text-align:center;margin:12px 0 0}
details{margin-top:8px;background:#fff;border-radius:12px;padding:4px 16px}
summary{padding:12px 0;color:#576b95;cursor:pointer}
.hint{color:#b35c00;font-size:13px;margin:0 0 8px}
.row{display:flex;gap:8px;margin:8px 0 12px}
.row input{flex:1;min-width:0;font-size:18px;padding:12px;border:1px solid #ccc;border-radius:10px}
.sec{background:#f2f3f5;color:#111;font-size:16px;padding:12px}
.row .sec{width:auto;white-space:nowrap}
.force{display:flex;gap:8px;align-items:flex-start;font-size:14px;color:#555;margin:12px 0 16px}
.note{color:#999;font-size:12px;text-align:center;margin-top:20px}
.done{text-align:center;padding-top:48px}
.tick{width:88px;height:88px;border-radius:50%;background:#07c160;margin:0 auto 16px;display:flex;align-items:center;justify-content:center}
.done h1{font-size:22px;margin:0 0 8px}
.done .amount{margin:8px 0 24px}
.kv{background:#fff;border-radius:12px;padding:4px 16px;text-align:left}
.kv div{display:flex;justify-content:space-between;gap:12px;padding:12px 0;border-bottom:1px solid #f0f0f0}
.kv div:last-child{border-bottom:0}
.kv span:first-child{color:#777;white-space:nowrap}
.kv span:last-child{text-align:right;word-break:break-all}
.mono{font-family:ui-monospace,Menlo,monospace;font-size:13px;white-space:pre-line}
.done .btn{margin-top:28px;background:#fff;color:#067a3e;border:1px solid #07c160}
`;

export const PHONE_JS = String.raw`
(function () {
  var D = JSON.parse(document.getElementById("data").textContent);
  var T = D.t;
  function $(id) { return document.getElementById(id); }
  var nf = new Intl.NumberFormat(D.locale, { style: "currency", currency: D.currency,
    minimumFractionDigits: D.exp, maximumFractionDigits: D.exp });
  function money(minor) {
    var s = String(minor).padStart(D.exp + 1, "0");
    return nf.format(D.exp ? s.slice(0, -D.exp) + "." + s.slice(-D.exp) : s);
  }
  function toMinor(text) {
    var re = D.exp ? new RegExp("^(\\d+)(?:[.,](\\d{1," + D.exp + "}))?$") : /^(\d+)$/;
    var m = re.exec(text.trim());
    if (!m) return null;
    var v = Number(m[1] + (m[2] || "").padEnd(D.exp, "0"));
    return Number.isSafeInteger(v) && v > 0 ? v : null;
  }
  var skew = D.serverNow - Date.now();
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    var el = $("timer"); if (!el) return;
    var left = D.expiresAt - (Date.now() + skew);
    if (left <= 0) {
      el.textContent = T.expired; el.classList.add("over");
      var b = $("pay"); if (b) { b.disabled = true; b.textContent = T.expired; }
      return;
    }
    var s = Math.ceil(left / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    el.textContent = T.timeLeft + " " + (h ? h + ":" + pad(m) : m) + ":" + pad(s % 60);
    setTimeout(tick, 250);
  }
  tick();
  function msg(text) { $("msg").textContent = text; }
  function force() { return $("force").checked; }
  function busy(on) {
    document.querySelectorAll("button").forEach(function (b) {
      if (on) { b.dataset.was = b.disabled ? "1" : ""; b.disabled = true; } else { b.disabled = b.dataset.was === "1"; }
    });
  }
  async function pay(body) {
    var r = await fetch(location.pathname, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    var j = await r.json().catch(function () { return null; });
    if (r.status === 201) return j;
    var code = j && j.error && j.error.code;
    throw new Error(code === "charge_not_payable" ? T.notPayable : (j && j.error ? j.error.message : "HTTP " + r.status));
  }
  function showDone(results) {
    var total = results.reduce(function (s, r) { return s + r.payment.amount; }, 0);
    $("doneAmount").textContent = money(total);
    $("doneIds").textContent = results.map(function (r) { return r.payment.id; }).join("\n");
    $("main").hidden = true; $("done").hidden = false; window.scrollTo(0, 0);
  }
  async function run(bodies) {
    busy(true); msg("");
    var done = [];
    try { for (var i = 0; i < bodies.length; i++) done.push(await pay(bodies[i])); showDone(done); }
    catch (e) { if (done.length) showDone(done); else msg(T.failed + ": " + e.message); }
    finally { busy(false); }
  }
  var payBtn = $("pay");
  // Always an explicit amount: after a partial payment only the rest is due.
  if (payBtn) payBtn.onclick = function () { run([{ amount: D.payAmount, force: force() }]); };
  $("payOther").onclick = function () {
    var amount = toMinor($("other").value);
    if (amount === null) return msg(T.badAmount);
    run([{ amount: amount, force: force() }]);
  };
  // The second payment must be forced: after the first the charge is paid.
  $("payTwice").onclick = function () { run([{ amount: D.payAmount, force: force() }, { amount: D.payAmount, force: true }]); };
  $("again").onclick = function () { location.reload(); };
})();
`;
