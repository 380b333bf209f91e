// Shared by the *.test.ts files: a real sandbox on a temp database, real HTTP,
// and a real webhook receiver that verifies signatures like Till will.
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import type { z } from "zod";
import { parseAs } from "../test/parse";
import { startSandbox, type SandboxHandle, type SandboxOptions } from "./server";
import { Charge, EventList, PayResult, SandboxError, type SandboxEvent } from "./test-schemas";

export const KEY = "sk_test_key";
export const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

export function tempDbPath(): { dbPath: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "sandbox-pay-"));
  return { dbPath: path.join(dir, "sandbox.db"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestSandbox extends SandboxHandle {
  api: (method: string, p: string, opts?: CallOptions) => Promise<Reply>;
}

export function startTestSandbox(options: SandboxOptions & { dbPath: string }): Promise<TestSandbox> {
  return startSandbox({
    port: 0,
    host: "127.0.0.1",
    apiKey: KEY,
    webhookSecret: SECRET,
    retryScale: 0.001,
    refundSettleMs: 50,
    merchantName: "Test Shop",
    env: {},
    ...options,
  }).then((sb) => ({ ...sb, api: (method, p, opts) => call(sb.url, method, p, opts) }));
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is, not JSON-encoded. */
  rawBody?: string;
  key?: string | null;
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON (CSV, HTML). */
  json: unknown;
  /** The JSON body read through a schema: fails the test unless the body has that shape. */
  as<T>(schema: z.ZodType<T>): T;
  /** The `{"error": {code, message}}` of an error answer (fails the test if the body is not one). */
  error(): SandboxError["error"];
}

export async function call(base: string, method: string, p: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? KEY : opts.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const res = await fetch(base + p, { method, headers, body });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (CSV, HTML)
  }
  const where = `${method} ${p} (${res.status})`;
  const as = <T>(schema: z.ZodType<T>): T => parseAs(schema, json, where);
  return { status: res.status, headers: res.headers, text, json, as, error: () => as(SandboxError).error };
}

export interface Delivery {
  id: string;
  timestamp: number;
  signature: string;
  body: string;
  verified: boolean;
  status: number;
  receivedAt: number;
}

/** A webhook endpoint on 127.0.0.1 that verifies with standardwebhooks and records every request. */
export class Receiver {
  deliveries: Delivery[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Status for a correctly signed request; a bad signature always gets 400. */
  respond: (d: Delivery) => number = () => 200;
  holdMs = 0;
  private server = http.createServer((req, res) => {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const h = req.headers as Record<string, string>;
      let verified = true;
      try {
        new Webhook(SECRET).verify(body, h);
      } catch {
        verified = false;
      }
      const d: Delivery = {
        id: h["webhook-id"]!,
        timestamp: Number(h["webhook-timestamp"]),
        signature: h["webhook-signature"]!,
        body,
        verified,
        status: 0,
        receivedAt: Date.now(),
      };
      d.status = verified ? this.respond(d) : 400;
      this.deliveries.push(d);
      setTimeout(() => {
        this.inFlight--;
        res.writeHead(d.status).end();
      }, this.holdMs);
    });
  });
  url = "";

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks`;
    return this;
  }

  of(eventId: string): Delivery[] {
    return this.deliveries.filter((d) => d.id === eventId);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

type Truthy<T> = Exclude<T, false | 0 | "" | null | undefined>;

/** Polls until the probe returns something truthy, and returns it. */
export async function waitFor<T>(probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let refCounter = 0;
export const uniqueRef = (prefix = "ref") => `${prefix}_${process.pid}_${Date.now()}_${refCounter++}`;

export const inMinutes = (minutes: number, from = Date.now()) => new Date(from + minutes * 60_000).toISOString();

export function chargeBody(notifyUrl: string, overrides: Record<string, unknown> = {}) {
  return {
    merchant_ref: uniqueRef(),
    amount: 2350,
    currency: "CNY",
    description: "Order T1-000123",
    expires_at: inMinutes(15),
    notify_url: notifyUrl,
    ...overrides,
  };
}

/** Create a charge and pay it; returns both. */
export async function paidCharge(sb: TestSandbox, notifyUrl: string, pay: Record<string, unknown> = {}) {
  const charge = (await sb.api("POST", "/v1/charges", { body: chargeBody(notifyUrl) })).as(Charge);
  const paid = await sb.api("POST", `/sandbox/charges/${charge.id}/pay`, { body: pay });
  if (paid.status !== 201) throw new Error(`pay failed: ${paid.text}`);
  return paid.as(PayResult);
}

/** The event log entry for a charge's events (via GET /sandbox/events). */
export async function eventsOf(sb: TestSandbox, chargeId: string): Promise<SandboxEvent[]> {
  const r = await sb.api("GET", `/sandbox/events?charge_id=${chargeId}`);
  return r.as(EventList).data;
}
