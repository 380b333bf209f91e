import { z } from "zod";
import { normalizeAddress } from "@/lib/http/client-address";

/** Demo defaults: fine on a laptop, loudly reported at start (see scripts/start.ts). */
export const DEMO_DEFAULTS = {
  SANDBOX_API_KEY: "sk_sandbox_dev",
  PROVIDER_WEBHOOK_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  TILL_SEED_API_KEY: "tk_demo_0000000000000000",
  TILL_SEED_OWNER_API_KEY: "tk_demo_owner_000000000000",
  TILL_SEED_OWNER_PIN: "2468",
  TILL_SEED_CASHIER_PIN: "1357",
} as const;

const pin = z.string().regex(/^\d{4,8}$/, "a PIN is 4 to 8 digits");
const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);

// A comma list of IP addresses, normalised; empty means no proxy is trusted (see lib/http/client-address.ts).
const addressList = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const addresses: string[] = [];
    for (const entry of text.split(",").map((s) => s.trim()).filter(Boolean)) {
      const address = normalizeAddress(entry);
      if (address === null) ctx.addIssue({ code: "custom", message: `"${entry}" is not an IP address` });
      else addresses.push(address);
    }
    return addresses;
  });

const schema = z.object({
  DATABASE_URL: z.string().min(1).default("file:./data/till.db"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).default(4010),
  SANDBOX_URL: z.url().optional(),
  // 0: `npm start` runs Till alone — a second server on a shared PostgreSQL database, with SANDBOX_URL at the first one's Sandbox Pay.
  SANDBOX_START: z.enum(["0", "1"]).default("1"),
  SANDBOX_PUBLIC_URL: z.url().optional(),
  SANDBOX_DB: z.string().min(1).default("data/sandbox.db"),
  SANDBOX_API_KEY: z.string().min(1).default(DEMO_DEFAULTS.SANDBOX_API_KEY),
  PROVIDER_WEBHOOK_SECRET: z.string().startsWith("whsec_").default(DEMO_DEFAULTS.PROVIDER_WEBHOOK_SECRET),
  SANDBOX_RETRY_SCALE: z.coerce.number().positive().default(1),
  // The payee name Sandbox Pay's phone page shows; unset, `npm start` passes the name of the store owning the Sandbox Pay account.
  SANDBOX_MERCHANT_NAME: z.string().trim().max(100).optional(),
  TILL_PUBLIC_URL: z.url().optional(),
  TILL_SEED_API_KEY: z.string().min(16).default(DEMO_DEFAULTS.TILL_SEED_API_KEY),
  TILL_SEED_OWNER_API_KEY: z.string().min(16).default(DEMO_DEFAULTS.TILL_SEED_OWNER_API_KEY),
  TILL_SEED_OWNER_PIN: pin.default(DEMO_DEFAULTS.TILL_SEED_OWNER_PIN),
  TILL_SEED_CASHIER_PIN: pin.default(DEMO_DEFAULTS.TILL_SEED_CASHIER_PIN),
  TILL_SWEEP_AFTER_S: seconds(15),
  TILL_SWEEP_EVERY_S: seconds(10),
  // How often the daily statement job looks whether yesterday's statement is imported (and fetches it when not).
  TILL_STATEMENT_FETCH_EVERY_S: seconds(3600),
  // Seconds a provider call may take before its outcome counts as unknown.
  TILL_PROVIDER_TIMEOUT_S: seconds(8),
  // Days acknowledged inbox rows and sign-in attempts are kept; rejected notification attempts are kept fewer.
  TILL_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  TILL_REJECTED_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  // JSON lines for machines; `npm start` picks "pretty" on a terminal when this is not set.
  TILL_LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  TILL_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Off in production: when on, the server answers GET /_debug/metrics to loopback callers (the soak test reads it).
  TILL_DEBUG_METRICS: z.stringbool().default(false),
  // Minutes a session may stay unused before it ends (a counter terminal), and before owner pages ask for the PIN again.
  TILL_SESSION_IDLE_MIN: z.coerce.number().positive().default(12 * 60),
  TILL_OWNER_IDLE_MIN: z.coerce.number().positive().default(30),
  // Proxies whose X-Forwarded-For / X-Forwarded-Proto Till believes; nobody's by default.
  TILL_TRUSTED_PROXIES: addressList,
  // The provider the demo store charges through under `npm start`; `both`: a WeChat Pay and an Alipay connection, the cashier picks the QR.
  TILL_DEMO_PROVIDER: z.enum(["sandbox", "wechat", "alipay", "both"]).default("sandbox"),
  // "1" mounts /api/bench, the bare route the benchmarks measure Till against; unset it answers 404.
  TILL_BENCH: z.enum(["0", "1"]).default("0"),
  // 32 bytes in base64: the key provider credentials are sealed with; unset, `npm start` keeps one in the data directory.
  TILL_SECRETS_KEY: z
    .string()
    .optional()
    .refine((k) => k === undefined || Buffer.from(k.trim(), "base64").length === 32, "32 bytes in base64 (e.g. `openssl rand -base64 32`)"),
});

export type Env = z.infer<typeof schema> & { SANDBOX_URL: string; SANDBOX_PUBLIC_URL: string; TILL_PUBLIC_URL: string };

/** Parses an environment once; a bad value stops Till at start with a message naming it. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const env = result.data;
  const sandboxUrl = env.SANDBOX_URL ?? `http://127.0.0.1:${env.SANDBOX_PORT}`;
  return {
    ...env,
    SANDBOX_URL: sandboxUrl,
    SANDBOX_PUBLIC_URL: env.SANDBOX_PUBLIC_URL ?? sandboxUrl,
    TILL_PUBLIC_URL: env.TILL_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`,
  };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** The names of settings still at their published demo values. */
export function demoDefaultsInUse(e: Env): string[] {
  return (Object.keys(DEMO_DEFAULTS) as (keyof typeof DEMO_DEFAULTS)[]).filter((k) => e[k] === DEMO_DEFAULTS[k]);
}
