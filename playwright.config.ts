import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against a production build (`npm start`: next build +
 * next start) and a real Sandbox Pay process, on their own ports and a fresh
 * database under data/e2e, in Debian's Chromium (no browser download).
 */
export const E2E = {
  // Overridable so that two checkouts on one machine can run their suites side by side.
  port: Number(process.env.E2E_PORT ?? 3100),
  sandboxPort: Number(process.env.E2E_SANDBOX_PORT ?? 4110),
  dataDir: "data/e2e",
  cashierKey: "tk_e2e_cashier_0000000000",
  ownerKey: "tk_e2e_owner_00000000000000",
  sandboxKey: "sk_sandbox_e2e",
  // Not the demo PINs: the start banner prints those in full, and the log test looks for these.
  ownerPin: "802461",
  cashierPin: "913572",
  /** Everything Till and Sandbox Pay print, for the test that no secret is in it. */
  serverLog: "data/e2e/server.log",
  /**
   * A second store on its own ports and database, started with
   * TILL_DEMO_PROVIDER=both: WeChat Pay and Alipay connections at Sandbox Pay's
   * dialects of them, for the journeys through the real adapters
   * (e2e/wechat-journey.spec.ts, e2e/alipay-journey.spec.ts).
   */
  wallets: {
    port: Number(process.env.E2E_PORT ?? 3100) + 10,
    sandboxPort: Number(process.env.E2E_SANDBOX_PORT ?? 4110) + 10,
    dataDir: "data/e2e-wallets",
    serverLog: "data/e2e-wallets/server.log",
  },
  /**
   * Two Till servers on one fresh PostgreSQL database (scripts/e2e-pg-db.ts):
   * A with its Sandbox Pay, B started with SANDBOX_START=0 (e2e/chain).
   */
  chain: {
    portA: Number(process.env.E2E_PORT ?? 3100) + 20,
    portB: Number(process.env.E2E_PORT ?? 3100) + 21,
    sandboxPort: Number(process.env.E2E_SANDBOX_PORT ?? 4110) + 20,
    dataDir: "data/e2e-chain",
    serverLogA: "data/e2e-chain/server-a.log",
    serverLogB: "data/e2e-chain/server-b.log",
  },
};

/** PostgreSQL has no key file beside the database: every server on it is given the same key. */
const CHAIN_SECRETS_KEY = "ZTJlLWNoYWluLXNlY3JldHMta2V5LTMyLWJ5dGVzISE=";

/** What both stores' servers share: the seeded keys and PINs, fast retries and sweeps. */
const serverEnv = {
  SANDBOX_API_KEY: E2E.sandboxKey,
  SANDBOX_RETRY_SCALE: "0.01",
  SANDBOX_REFUND_SETTLE_MS: "200",
  TILL_SEED_API_KEY: E2E.cashierKey,
  TILL_SEED_OWNER_API_KEY: E2E.ownerKey,
  TILL_SEED_OWNER_PIN: E2E.ownerPin,
  TILL_SEED_CASHIER_PIN: E2E.cashierPin,
  TILL_SWEEP_AFTER_S: "3",
  TILL_SWEEP_EVERY_S: "2",
  NEXT_TELEMETRY_DISABLED: "1",
};

const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--autoplay-policy=no-user-gesture-required",
];

/** The spec that gives the demo store a second payment connection (see the "connections" project). */
const CONNECTS_WALLETS = /provider-credentials\.spec\.ts$/;
const desktop = { ...devices["Desktop Chrome"], viewport: { width: 1024, height: 768 } };

/**
 * One Till server for the suite: `command` starts it (and tees everything it prints to its log file, for the log
 * test — not to the report), ready when its sign-in page answers on `port`.
 */
function tillServer(command: string, port: number, env: Record<string, string>) {
  return {
    command,
    url: `http://127.0.0.1:${port}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: { ...serverEnv, PORT: String(port), ...env },
  };
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${E2E.port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs },
  },
  projects: [
    // Journeys through the screens, in the browser.
    { name: "chromium", testIgnore: [/e2e[\\/](api|logs|chain)[\\/]/, CONNECTS_WALLETS], use: desktop },
    // After the journeys: the owner connects a WeChat Pay account to the demo store, which from then on offers the
    // cashier a choice of QR — the journeys above charge through the store's one connection, with its one Charge button.
    { name: "connections", testMatch: CONNECTS_WALLETS, dependencies: ["chromium"], use: desktop },
    // API v1 and the webhook receiver over HTTP with the `request` fixture: no browser is started.
    { name: "api", testDir: "e2e/api", use: {} },
    // Two Till servers on one PostgreSQL database: paid through A, PAID on B's screen.
    { name: "chain", testDir: "e2e/chain", use: desktop },
    // Runs after all: reads everything the servers printed during the journeys.
    { name: "logs", testDir: "e2e/logs", dependencies: ["chromium", "connections", "api"], use: {} },
  ],
  // Started one after the other: the first builds when the sources changed, the others find the build made.
  webServer: [
    // A fresh database every run; `npm start` migrates, seeds, builds if needed and starts both servers.
    tillServer(`rm -rf ${E2E.dataDir} && mkdir -p ${E2E.dataDir} && npm start 2>&1 | tee ${E2E.serverLog}`, E2E.port, {
      SANDBOX_PORT: String(E2E.sandboxPort),
      DATABASE_URL: `file:./${E2E.dataDir}/till.db`,
      SANDBOX_DB: `${E2E.dataDir}/sandbox.db`,
    }),
    tillServer(`rm -rf ${E2E.wallets.dataDir} && mkdir -p ${E2E.wallets.dataDir} && npm start 2>&1 | tee ${E2E.wallets.serverLog}`, E2E.wallets.port, {
      SANDBOX_PORT: String(E2E.wallets.sandboxPort),
      DATABASE_URL: `file:./${E2E.wallets.dataDir}/till.db`,
      SANDBOX_DB: `${E2E.wallets.dataDir}/sandbox.db`,
      TILL_DEMO_PROVIDER: "both",
    }),
    // Server A: a fresh PostgreSQL database (its URL kept for B), migrated and seeded by `npm start`, with Sandbox Pay.
    tillServer(
      `rm -rf ${E2E.chain.dataDir} && mkdir -p ${E2E.chain.dataDir} && npx tsx scripts/e2e-pg-db.ts > ${E2E.chain.dataDir}/database-url && ` +
        `DATABASE_URL=$(cat ${E2E.chain.dataDir}/database-url) npm start 2>&1 | tee ${E2E.chain.serverLogA}`,
      E2E.chain.portA,
      { SANDBOX_PORT: String(E2E.chain.sandboxPort), SANDBOX_DB: `${E2E.chain.dataDir}/sandbox.db`, TILL_SECRETS_KEY: CHAIN_SECRETS_KEY },
    ),
    // Server B: the same database, no Sandbox Pay of its own. Its public URL is A's (one address for the chain's
    // servers, as behind a load balancer), so Sandbox Pay notifies A of a charge the cashier made on B.
    tillServer(`DATABASE_URL=$(cat ${E2E.chain.dataDir}/database-url) npm start 2>&1 | tee ${E2E.chain.serverLogB}`, E2E.chain.portB, {
      SANDBOX_START: "0",
      SANDBOX_URL: `http://127.0.0.1:${E2E.chain.sandboxPort}`,
      TILL_PUBLIC_URL: `http://127.0.0.1:${E2E.chain.portA}`,
      TILL_SECRETS_KEY: CHAIN_SECRETS_KEY,
    }),
  ],
});
