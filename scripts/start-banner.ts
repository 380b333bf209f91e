import { type DEMO_DEFAULTS, demoDefaultsInUse, type Env } from "@/lib/env";

// As many characters as Till stores in the clear to tell API keys apart (lib/stores/seed-demo-store.ts).
const KEY_PREFIX_LENGTH = 8;

/**
 * What `npm start` prints once Till is up. The seeded PINs and API keys are
 * printed in full only while they are the published demo values, so that the
 * quick start works; a real value is shown as a prefix (keys) or not at all
 * (PINs), because start-up output ends up in terminals, logs and screenshots.
 */
export function startBanner(env: Env, secretsKeyFile?: string): string[] {
  const demo = demoDefaultsInUse(env);
  const shown = (name: keyof typeof DEMO_DEFAULTS) => demo.includes(name);
  const pin = (name: "TILL_SEED_OWNER_PIN" | "TILL_SEED_CASHIER_PIN") => (shown(name) ? env[name] : "••••");
  const key = (name: "TILL_SEED_API_KEY" | "TILL_SEED_OWNER_API_KEY") => (shown(name) ? env[name] : `${env[name].slice(0, KEY_PREFIX_LENGTH)}…`);

  const lines = [
    "",
    `  Till          ${env.TILL_PUBLIC_URL}`,
    `  Sandbox Pay   ${env.SANDBOX_URL}   (customer pages at ${env.SANDBOX_PUBLIC_URL}/pay/…)`,
    `  Owner PIN ${pin("TILL_SEED_OWNER_PIN")} · Cashier PIN ${pin("TILL_SEED_CASHIER_PIN")}`,
    `  API keys: cashier ${key("TILL_SEED_API_KEY")} · owner ${key("TILL_SEED_OWNER_API_KEY")}`,
  ];
  if (secretsKeyFile) {
    lines.push(`  Provider credentials are sealed with the key in ${secretsKeyFile}: back it up with the database (or set TILL_SECRETS_KEY)`);
  }
  if (demo.length > 0) {
    lines.push(
      "",
      "  ************************************************************",
      "  *  DEMO DEFAULTS IN USE — NOT FOR A REAL SHOP:             *",
      ...demo.map((name) => `  *    ${name.padEnd(54)}*`),
      "  *  Set these environment variables before taking money.    *",
      "  ************************************************************",
    );
  }
  lines.push("");
  return lines;
}
