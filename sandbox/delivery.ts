import http from "node:http";
import https from "node:https";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

export const ATTEMPT_TIMEOUT_MS = 10_000;

export interface AttemptResult {
  attemptedAt: number;
  webhookTimestamp: number | null;
  statusCode: number | null;
  error: string | null;
  signature: "good" | "bad" | "none";
  ok: boolean;
  durationMs: number;
}

export interface AttemptInput {
  url: string;
  eventId: string;
  body: string;
  secret: string;
  now: () => number;
  signal: AbortSignal;
  /** Fault: the network "loses" this attempt; nothing is sent. */
  drop: boolean;
  /** Fault: sign with a secret the receiver does not know. */
  badSignature: boolean;
  /** Signs another provider's way (the WeChat dialect) instead of Standard Webhooks. */
  sign?: ((body: string, atMs: number, bad: boolean) => Record<string, string>) | null;
}

/** POST and resolve with the status code; any network error or timeout rejects. */
function post(url: URL, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    // agent: false — one connection per attempt, so nothing lingers after close().
    const req = client.request(url, { method: "POST", headers, agent: false, signal }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS} ms`)), ATTEMPT_TIMEOUT_MS);
    req.on("close", () => clearTimeout(timer));
    req.on("error", reject);
    req.end(body);
  });
}

/** One signed delivery attempt; never throws, the outcome is in the result. */
export async function attemptDelivery(input: AttemptInput): Promise<AttemptResult> {
  const attemptedAt = input.now();
  const result = (partial: Partial<AttemptResult>): AttemptResult => ({
    attemptedAt,
    webhookTimestamp: null,
    statusCode: null,
    error: null,
    signature: "none",
    ok: false,
    durationMs: input.now() - attemptedAt,
    ...partial,
  });
  if (input.drop) return result({ error: "dropped (drop_rate fault)" });
  // Signed afresh on every attempt: a new timestamp, the same webhook-id.
  const signedAt = new Date(attemptedAt);
  const secret = input.badSignature ? `whsec_${randomBytes(24).toString("base64")}` : input.secret;
  const headers = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(input.body)),
    "user-agent": "SandboxPay/1",
    ...(input.sign
      ? input.sign(input.body, attemptedAt, input.badSignature)
      : {
          "webhook-id": input.eventId,
          "webhook-timestamp": String(Math.floor(attemptedAt / 1000)),
          "webhook-signature": new Webhook(secret).sign(input.eventId, signedAt, input.body),
        }),
  };
  const signature = input.badSignature ? "bad" : "good";
  try {
    const statusCode = await post(new URL(input.url), headers, input.body, input.signal);
    const ok = statusCode >= 200 && statusCode < 300;
    return result({ webhookTimestamp: Math.floor(attemptedAt / 1000), statusCode, signature, ok });
  } catch (e) {
    const error = e instanceof Error ? e.message || e.name : String(e);
    return result({ webhookTimestamp: Math.floor(attemptedAt / 1000), error, signature });
  }
}
