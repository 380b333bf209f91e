import { z } from "zod";

// An empty variable (`SANDBOX_PORT=`) means "not set", as in most shells' .env files.
const unset = (value: unknown) => (value === "" ? undefined : value);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(unset, schema.optional());

const EnvSchema = z.object({
  SANDBOX_PORT: opt(z.coerce.number().int().min(0).max(65535)),
  SANDBOX_HOST: opt(z.string()),
  SANDBOX_DB: opt(z.string()),
  SANDBOX_API_KEY: opt(z.string().min(1)),
  PROVIDER_WEBHOOK_SECRET: opt(z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must be whsec_<base64>")),
  SANDBOX_RETRY_SCALE: opt(z.coerce.number().positive()),
  SANDBOX_REFUND_SETTLE_MS: opt(z.coerce.number().int().min(0)),
  SANDBOX_URL: opt(z.url({ protocol: /^https?$/ })),
  SANDBOX_PUBLIC_URL: opt(z.url({ protocol: /^https?$/ })),
  SANDBOX_MERCHANT_NAME: opt(z.string().max(100)),
});

export interface SandboxConfig {
  port: number;
  host: string;
  dbPath: string;
  apiKey: string;
  webhookSecret: string;
  retryScale: number;
  refundSettleMs: number;
  /** Where merchants reach us; unset means `http://<host>:<actual port>`. */
  baseUrl: string | undefined;
  /** Base of `qr_content`; unset means `baseUrl`. */
  publicUrl: string | undefined;
  merchantName: string;
}

/** Reads and validates the environment once; throws a readable error listing every bad variable. */
export function configFromEnv(env: Record<string, string | undefined>): SandboxConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid Sandbox Pay environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.SANDBOX_PORT ?? 4010,
    host: e.SANDBOX_HOST ?? "127.0.0.1",
    dbPath: e.SANDBOX_DB ?? "data/sandbox.db",
    apiKey: e.SANDBOX_API_KEY ?? "sk_sandbox_dev",
    webhookSecret: e.PROVIDER_WEBHOOK_SECRET ?? "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    retryScale: e.SANDBOX_RETRY_SCALE ?? 1,
    refundSettleMs: e.SANDBOX_REFUND_SETTLE_MS ?? 1000,
    baseUrl: e.SANDBOX_URL,
    publicUrl: e.SANDBOX_PUBLIC_URL ?? e.SANDBOX_URL,
    merchantName: e.SANDBOX_MERCHANT_NAME ?? "Sandbox Merchant",
  };
}
