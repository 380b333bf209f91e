import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { bearerMatches } from "./auth";
import type { Ctx } from "./context";
import { openDb } from "./db";
import { configFromEnv, type SandboxConfig } from "./env";
import { takeUnavailableCall } from "./faults";
import { createListener } from "./http";
import { Notifier } from "./notifier";
import { RefundSettler } from "./refund-settler";
import { routes } from "./routes";
import { alipayDialect, alipayPublicKeyPem, type AlipayDialectOptions } from "./alipay/dialect";
import { alipayRoutes } from "./alipay/routes";
import { wechatDialect, wechatPublicKeyPem, type WechatDialectOptions } from "./wechat/dialect";
import { wechatRoutes } from "./wechat/routes";

export interface SandboxOptions extends Partial<Omit<SandboxConfig, "baseUrl">> {
  /** Test seam for the clock (statements of a past day, expiry); never an HTTP control. */
  now?: () => Date;
  /** Where the defaults come from; `process.env` unless a test isolates itself. */
  env?: Record<string, string | undefined>;
  /** Also speak WeChat Pay APIv3 for this merchant (sandbox/wechat). */
  wechat?: WechatDialectOptions;
  /** Also speak Alipay's OpenAPI v2 gateway for this app (sandbox/alipay). */
  alipay?: AlipayDialectOptions;
}

export interface SandboxHandle {
  url: string;
  port: number;
  /** With the WeChat dialect: the public key (SPKI PEM) and its ID that merchants verify Sandbox Pay with. */
  wechat?: { publicKeyId: string; publicKeyPem: string };
  /** With the Alipay dialect: the gateway's address and the "Alipay public key" (SPKI PEM) merchants verify Sandbox Pay with. */
  alipay?: { gatewayUrl: string; alipayPublicKeyPem: string; sellerId: string };
  close(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const urlHost = (host: string) =>
  host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const defaults = configFromEnv(options.env ?? process.env);
  const { now: clock, env: _env, wechat: wechatOptions, alipay: alipayOptions, ...overrides } = options;
  const wechat = wechatOptions ? wechatDialect(wechatOptions) : undefined;
  const alipay = alipayOptions ? alipayDialect(alipayOptions) : undefined;
  const config: SandboxConfig = { ...defaults, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  new Webhook(config.webhookSecret); // fail at start, not at the first delivery, on a malformed secret

  const db = openDb(config.dbPath);
  const server = http.createServer();
  let port: number;
  try {
    port = await listen(server, config.port, config.host);
  } catch (e) {
    db.close();
    throw e;
  }
  const url = `http://${urlHost(config.host)}:${port}`;
  const ctx: Ctx = {
    db,
    now: clock ? () => clock().getTime() : Date.now,
    publicUrl: (config.publicUrl ?? config.baseUrl ?? url).replace(/\/+$/, ""),
    merchantName: config.merchantName,
    webhookSecret: config.webhookSecret,
    retryScale: config.retryScale,
    refundSettleMs: config.refundSettleMs,
    wechat,
    alipay,
    kickNotifier: () => notifier.kick(),
    scheduleRefund: (id, at) => settler.schedule(id, at),
  };
  const notifier = new Notifier(ctx);
  const settler = new RefundSettler(ctx);
  server.on(
    "request",
    createListener([...routes(ctx), ...wechatRoutes(ctx), ...alipayRoutes(ctx)], {
      authorized: (header) => bearerMatches(header, config.apiKey),
      takeUnavailable: () => takeUnavailableCall(db),
    }),
  );
  // Resume what a previous run left: pending refunds settle, pending events are delivered.
  settler.start();
  notifier.kick();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests still running get a moment to finish before their sockets are cut.
      const cut = setTimeout(() => server.closeAllConnections(), 2000);
      await stopped;
      clearTimeout(cut);
      settler.close();
      await notifier.close();
      db.close();
    })());
  return {
    url,
    port,
    close,
    ...(wechat ? { wechat: { publicKeyId: wechat.publicKeyId, publicKeyPem: wechatPublicKeyPem(wechat) } } : {}),
    ...(alipay ? { alipay: { gatewayUrl: `${url}/gateway.do`, alipayPublicKeyPem: alipayPublicKeyPem(alipay), sellerId: alipay.sellerId } } : {}),
  };
}
