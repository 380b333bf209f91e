/**
 * For the Alipay adapter's tests: generated RSA key pairs (the app's and
 * "Alipay's"), and a gateway on a local port that checks each request's RSA2
 * signature with the app's public key and answers `<method>_response` signed
 * with Alipay's key, the way the OpenAPI gateway does.
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { businessDetailCsv, type BillLine } from "@/sandbox/alipay/bill";
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

/** A one-entry-per-file zip (deflated, names GBK as Alipay writes them): the one Sandbox Pay serves its bills in. */
export { zipOf } from "@/sandbox/alipay/zip";

/** A business-detail bill in Alipay's layout (GBK), its lines given as [tradeNo, outTradeNo, 交易|退款, completed, amount, net, requestNo, fee]. */
export function businessDetailBill(
  day: string,
  lines: [string, string, string, string, string, string, string, string][],
  footer?: { trades: string; refunds: string },
): Buffer {
  return businessDetailCsv(
    "20880211096256330156",
    day,
    lines.map(([tradeNo, outTradeNo, kind, completed, amount, net, requestNo, fee]) => ({
      tradeNo, outTradeNo, kind: kind as BillLine["kind"], subject: "收银台", created: completed, completed, payer: "xud***@126.com", amount, net, requestNo, fee,
    })),
    footer,
  );
}
