import { describe, expect, it } from "vitest";
import { DEMO_DEFAULTS, parseEnv } from "@/lib/env";
import { startBanner } from "./start-banner";

const REAL = {
  TILL_SEED_API_KEY: "tk_live_cashier_Zq8wK3mP9vR2xT7n",
  TILL_SEED_OWNER_API_KEY: "tk_live_owner_Hy4bN6cJ1dF5gL0s",
  TILL_SEED_OWNER_PIN: "80516",
  TILL_SEED_CASHIER_PIN: "739204",
  SANDBOX_API_KEY: "sk_live_merchant_Qa1Ws2Ed3Rf4",
  PROVIDER_WEBHOOK_SECRET: "whsec_Xr7Tk2Lm9Pq4Vn8Bc3Zd6Hf1Jg5Ks0Wa",
};

describe("startBanner", () => {
  it("with the demo defaults, shows the demo PINs and keys in full and warns about each", () => {
    const text = startBanner(parseEnv({})).join("\n");
    expect(text).toContain(`Owner PIN ${DEMO_DEFAULTS.TILL_SEED_OWNER_PIN}`);
    expect(text).toContain(`Cashier PIN ${DEMO_DEFAULTS.TILL_SEED_CASHIER_PIN}`);
    expect(text).toContain(`cashier ${DEMO_DEFAULTS.TILL_SEED_API_KEY}`);
    expect(text).toContain(`owner ${DEMO_DEFAULTS.TILL_SEED_OWNER_API_KEY}`);
    expect(text).toContain("DEMO DEFAULTS IN USE");
    for (const name of Object.keys(DEMO_DEFAULTS)) expect(text).toContain(name);
  });

  it("with real values, no secret appears anywhere in the output; keys show only their stored prefix", () => {
    const text = startBanner(parseEnv(REAL)).join("\n");
    for (const secret of Object.values(REAL)) expect(text).not.toContain(secret);
    expect(text).toContain("cashier tk_live_…");
    expect(text).toContain("owner tk_live_…");
    expect(text).toContain("Owner PIN •••• · Cashier PIN ••••");
    expect(text).not.toContain("DEMO DEFAULTS IN USE");
  });

  it("with some real values, only the demo ones are shown in full and named in the warning", () => {
    const text = startBanner(parseEnv({ TILL_SEED_API_KEY: REAL.TILL_SEED_API_KEY, TILL_SEED_CASHIER_PIN: REAL.TILL_SEED_CASHIER_PIN })).join("\n");
    expect(text).not.toContain(REAL.TILL_SEED_API_KEY);
    expect(text).not.toContain(REAL.TILL_SEED_CASHIER_PIN);
    expect(text).toContain(`owner ${DEMO_DEFAULTS.TILL_SEED_OWNER_API_KEY}`);
    expect(text).toContain(`Owner PIN ${DEMO_DEFAULTS.TILL_SEED_OWNER_PIN} · Cashier PIN ••••`);
    expect(text).toMatch(/\*\s+TILL_SEED_OWNER_PIN\s+\*/);
    expect(text).not.toMatch(/\*\s+TILL_SEED_CASHIER_PIN\s+\*/);
    expect(text).not.toMatch(/\*\s+TILL_SEED_API_KEY\s+\*/);
  });
});
