/**
 * For the Alipay adapter's tests: generated RSA key pairs (the app's and
 * "Alipay's"), and a gateway on a local port that checks each request's RSA2
 * signature with the app's public key and answers `<method>_response` signed
 * with Alipay's key, the way the OpenAPI gateway does.
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { deflateRawSync } from "node:zlib";
import iconv from "iconv-lite";
import type { AlipayConfig } from "./config";
import { rsa2Sign, rsa2Verify, signContent } from "./signature";

export function rsaKeyPair() {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

export const APP_ID = "2021000000000001";

export type GatewayRequest = { method: string; params: Record<string, string>; biz: Record<string, unknown> };
/** A method's answer: the fields of `<method>_response` (code 10000 unless given), or a raw body. */
export type GatewayReply = Record<string, unknown> | { raw: string; status?: number };

export type TestGateway = {
  url: string;
  requests: GatewayRequest[];
  /** Answers per method; a method without one answers 40004 ACQ.TRADE_NOT_EXIST. */
  replies: Map<string, (request: GatewayRequest) => GatewayReply>;
  /** Files served under /files/<name>. */
  files: Map<string, Buffer>;
  close: () => Promise<void>;
};

/** The gateway's signed answer text: `{"<key>":<json>,"sign":"…"}`, the signature over the `<json>` text. */
export function signedAnswer(key: string, node: Record<string, unknown>, alipayPrivateKey: string): string {
  const text = JSON.stringify(node);
  return `{"${key}":${text},"sign":"${rsa2Sign(text, alipayPrivateKey)}"}`;
}

export async function startTestGateway(keys: { appPublicKey: string; alipayPrivateKey: string }): Promise<TestGateway> {
  const requests: GatewayRequest[] = [];
  const replies = new Map<string, (request: GatewayRequest) => GatewayReply>();
  const files = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://gateway");
      if (url.pathname.startsWith("/files/")) {
        const file = files.get(decodeURIComponent(url.pathname.slice(7)));
        res.writeHead(file ? 200 : 404).end(file ?? "");
        return;
      }
      const params: Record<string, string> = Object.fromEntries(url.searchParams);
      for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) params[k] = v;
      const method = params.method ?? "";
      const key = `${method.replaceAll(".", "_")}_response`;
      if (!rsa2Verify(signContent(params), params.sign ?? "", keys.appPublicKey)) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(signedAnswer(key, { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-signature", sub_msg: "验签出错" }, keys.alipayPrivateKey));
        return;
      }
      const request = { method, params, biz: JSON.parse(params.biz_content ?? "{}") as Record<string, unknown> };
      requests.push(request);
      const reply = replies.get(method)?.(request) ?? { code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_NOT_EXIST", sub_msg: "交易不存在" };
      if ("raw" in reply && typeof reply.raw === "string") {
        res.writeHead(typeof reply.status === "number" ? reply.status : 200, { "content-type": "application/json" }).end(reply.raw);
        return;
      }
      res.writeHead(200, { "content-type": "application/json;charset=utf-8" });
      res.end(signedAnswer(key, { code: "10000", msg: "Success", ...reply }, keys.alipayPrivateKey));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/gateway.do`,
    requests,
    replies,
    files,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function testConfig(gatewayUrl: string, keys: { appPrivateKey: string; alipayPublicKey: string }, now?: () => Date): AlipayConfig {
  return { appId: APP_ID, appPrivateKeyPem: keys.appPrivateKey, alipayPublicKeyPem: keys.alipayPublicKey, gatewayUrl, sellerId: null, timeoutMs: 3_000, now };
}

/** A one-entry-per-file zip (deflated, names GBK as Alipay writes them). */
export function zipOf(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = iconv.encode(entry.name, "gbk");
    const data = deflateRawSync(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A business-detail bill in Alipay's layout (GBK), its lines given as [tradeNo, outTradeNo, 交易|退款, completed, amount, net, requestNo, fee]. */
export function businessDetailBill(
  day: string,
  lines: [string, string, string, string, string, string, string, string][],
  footer?: { trades: string; refunds: string },
): Buffer {
  const [y, m, d] = day.split("-");
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10).split("-");
  const header =
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";
  const rows = lines.map(([tradeNo, ref, kind, completed, amount, net, requestNo, fee]) =>
    [`${tradeNo}\t`, `${ref}\t`, `${kind}\t`, "收银台\t", completed, completed, "\t", "\t", "\t", "\t", "xud***@126.com\t", amount, net, "0.00", "0.00", "0.00", "0.00", "0.00", "\t", "0.00", "0.00", requestNo ? `${requestNo}\t` : "\t", fee, "0.00", "\t"].join(","),
  );
  const trades = lines.filter((l) => l[2] === "交易");
  const refunds = lines.filter((l) => l[2] === "退款");
  const sum = (ls: typeof lines) => (ls.reduce((s, l) => s + Math.round(Number(l[5]) * 100), 0) / 100).toFixed(2);
  const text = [
    "#支付宝业务明细查询",
    "#账号：[20880211096256330156]",
    `#起始日期：[${y}年${m}月${d}日 00:00:00]   终止日期：[${next[0]}年${next[1]}月${next[2]}日 00:00:00]`,
    "#-----------------------------------------业务明细列表----------------------------------------",
    header,
    ...rows,
    "#-----------------------------------------业务明细列表结束------------------------------------",
    `#交易合计：${trades.length}笔，商家实收共${footer?.trades ?? sum(trades)}元，商家优惠共0.00元`,
    `#退款合计：${refunds.length}笔，商家实收退款共${footer?.refunds ?? sum(refunds)}元，商家优惠退款共0.00元`,
    `#导出时间：[${next[0]}年${next[1]}月${next[2]}日 05:46:49]`,
  ].join("\r\n");
  return iconv.encode(`${text}\r\n`, "gbk");
}
