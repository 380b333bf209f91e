/**
 * Integration-test harness: a fresh SQLite file with every migration applied
 * and the demo store seeded, a real Sandbox Pay on a random loopback port with
 * its own database, and a real HTTP receiver that hands notifications to
 * Till's receiveNotification exactly as the webhook route does.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import type { z } from "zod";
import { startSandbox, type SandboxOptions } from "@/sandbox/server";
import { EventList, PayResult, type Payment, type SandboxEvent } from "@/sandbox/test-schemas";
import type { Actor, Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { parseEnv } from "@/lib/env";
import { InProcessBus } from "@/lib/events/bus";
import { receiveNotification } from "@/lib/notifications/receive-notification";
import { createOrder } from "@/lib/orders/create-order";
import { getProvider } from "@/lib/providers/get-provider";
import { seedDemoStore } from "@/lib/stores/seed-demo-store";
import { parseAs } from "./parse";
import { dropDatabase, freshTestDatabase, TEST_DIALECT } from "./postgres";

export const TEST_SANDBOX_KEY = "sk_harness_key";
export const TEST_WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A payment as Sandbox Pay returns it from POST /sandbox/charges/{id}/pay and puts it in its events. */
export type WirePayment = Payment;

/** An event as GET /sandbox/events lists it: its state, the payload it sends and its delivery attempts. */
export type { SandboxEvent };

/** An answer of Sandbox Pay: the body as JSON (text when it is not JSON), and the body read through a schema. */
export type SandboxAnswer = { status: number; json: unknown; as<T>(schema: z.ZodType<T>): T };

export async function startHarness(options: { sandbox?: Partial<SandboxOptions>; now?: () => Date; providerTimeoutMs?: number } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "till-test-"));
  const dbPath = path.join(dir, "till.db");
  if (!dbPath.startsWith(tmpdir())) throw new Error("the harness only ever writes a temporary database");
  // TILL_TEST_DB=postgres: a fresh PostgreSQL database, already migrated; otherwise a SQLite file in `dir`.
  const postgres = TEST_DIALECT === "postgresql" ? await freshTestDatabase() : undefined;
  if (!postgres) migrate(dbPath);

  // The receiver starts before the context exists (the context needs its URL).
  const ref: { ctx?: Ctx } = {};
  // Deliveries still being handled: close() waits for them, since Sandbox Pay closing its side does not stop Till's work.
  const handling = new Set<Promise<unknown>>();
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const kind = /^\/api\/webhooks\/([a-z]+)$/.exec(req.url ?? "")?.[1];
      if (!kind || !ref.ctx) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const handled = receiveNotification(ref.ctx, { kind, rawBody: Buffer.concat(chunks).toString("utf8"), headers })
        .then((answer) => res.writeHead(answer.status, { "content-type": answer.contentType }).end(answer.body))
        .catch((error: unknown) => {
          console.error("receiver failed", error);
          res.writeHead(500).end();
        })
        .finally(() => handling.delete(handled));
      handling.add(handled);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const sandbox = await startSandbox({
    port: 0,
    host: "127.0.0.1",
    dbPath: path.join(dir, "sandbox.db"),
    apiKey: TEST_SANDBOX_KEY,
    webhookSecret: TEST_WEBHOOK_SECRET,
    retryScale: 0.001,
    refundSettleMs: 50,
    merchantName: "Harness Shop",
    env: {},
    ...options.sandbox,
  });

  const env = parseEnv({
    DATABASE_URL: postgres?.url ?? `file:${dbPath}`,
    SANDBOX_URL: sandbox.url,
    SANDBOX_API_KEY: TEST_SANDBOX_KEY,
    PROVIDER_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    TILL_PUBLIC_URL: receiverUrl,
  });
  const db = await createDb(env.DATABASE_URL);
  await seedDemoStore(db, env);
  const secretsKey = randomBytes(32);
  const ctx: Ctx = {
    db,
    now: options.now ?? (() => new Date()),
    bus: new InProcessBus(),
    provider: (account) => getProvider(account, { timeoutMs: options.providerTimeoutMs ?? 3_000, secretsKey }),
    secretsKey,
    publicUrl: receiverUrl,
    sweep: { afterS: 1, everyS: 1 },
  };
  ref.ctx = ctx;

  const actorFor = async (role: "cashier" | "owner"): Promise<Actor> => {
    const key = await db.apiKey.findFirstOrThrow({ where: { role } });
    return { kind: "api_key", id: key.id, storeId: key.storeId, terminalId: key.terminalId, role };
  };

  /** Calls Sandbox Pay's merchant and sandbox-control API with the harness key. */
  const sandboxApi = async (method: string, p: string, body?: unknown): Promise<SandboxAnswer> => {
    const response = await fetch(new URL(p, sandbox.url), {
      method,
      headers: { authorization: `Bearer ${TEST_SANDBOX_KEY}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json: unknown = text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text;
    return { status: response.status, json, as: (schema) => parseAs(schema, json, `${method} ${p} (${response.status})`) };
  };

  const cashier = await actorFor("cashier");

  /** Creates an order as the cashier; its charge is open at Sandbox Pay. */
  const newOrder = async (amount: number, expiresIn?: number) => {
    const order = await createOrder(ctx, { actor: cashier, input: { amount, expiresIn } });
    return { order, orderId: order.id, chargeId: order.charge!.providerChargeId! };
  };

  /** Pays a charge through Sandbox Pay's control API (expects 201) and returns the payment. */
  const pay = async (chargeId: string, body: { amount?: number; delivery?: string; force?: boolean } = {}): Promise<WirePayment> => {
    const res = await sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, body);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.as(PayResult).payment;
  };

  /** The events Sandbox Pay has for a charge, oldest first, with their attempts. */
  const eventsOf = async (chargeId: string): Promise<SandboxEvent[]> => (await sandboxApi("GET", `/sandbox/events?charge_id=${chargeId}`)).as(EventList).data;

  /**
   * Waits until the sandbox has at least `count` events for the charge and every one not dropped is
   * delivered, and returns them: the sandbox records "delivered" only after Till's 200, i.e. after
   * Till's transaction committed (polling Till's own rows could observe an open transaction on its
   * one connection).
   */
  const delivered = (chargeId: string, count: number): Promise<SandboxEvent[]> =>
    eventually(async () => {
      const events = await eventsOf(chargeId);
      return events.length >= count && events.every((e) => e.state === "delivered" || e.state === "dropped") ? events : null;
    });

  return {
    secretsKey,
    ctx,
    env,
    dir,
    /** The SQLite file (tests that open it themselves run on SQLite only: `dialect`). */
    dbPath,
    dialect: TEST_DIALECT,
    sandbox,
    receiverUrl,
    cashier,
    owner: await actorFor("owner"),
    sandboxApi,
    newOrder,
    pay,
    eventsOf,
    delivered,
    async close() {
      await sandbox.close();
      await new Promise((resolve) => receiver.close(resolve));
      await Promise.all(handling);
      await db.$disconnect();
      if (postgres) await dropDatabase(postgres.name);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a truthy value or the time runs out. */
/**
 * Points the server's own context (`serverCtx`, which route handlers use) at a
 * harness's database and Sandbox Pay, so that a test can call a route handler
 * directly.
 */
export function serveRoutesFrom(h: Harness): void {
  for (const name of ["DATABASE_URL", "SANDBOX_URL", "SANDBOX_API_KEY", "PROVIDER_WEBHOOK_SECRET", "TILL_PUBLIC_URL"] as const) {
    const value = h.env[name];
    if (value !== undefined) process.env[name] = String(value);
  }
}

export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 5_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The AppError a call fails with; fails the test if it succeeds or throws anything else. */
export async function appErrorOf(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
