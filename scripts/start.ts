/**
 * `npm start`: everything Till needs on one machine, in order — check the
 * environment, apply migrations, seed a demo store on an empty database, build
 * if the sources changed, then run Sandbox Pay and Till side by side.
 * SANDBOX_START=0 runs Till alone: another server on the same PostgreSQL
 * database, using the first server's Sandbox Pay (SANDBOX_URL).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { parseEnv, type Env } from "@/lib/env";
import { ensureSecretsKeyFile } from "@/lib/secrets/secrets-key";
import { loadSecretsKey } from "@/lib/secrets/secrets-key";
import { connectDemoAlipay, ensureDemoAlipayFile } from "@/lib/stores/demo-alipay";
import { connectDemoWechat, ensureDemoWechatFile } from "@/lib/stores/demo-wechat";
import { getSandboxMerchantName } from "@/lib/stores/get-sandbox-merchant-name";
import { seedDemoStore } from "@/lib/stores/seed-demo-store";
import { needsBuild } from "./needs-build";
import { startBanner } from "./start-banner";

const children: ChildProcess[] = [];

async function main() {
  let env: Env;
  try {
    env = parseEnv();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const applied = await migrateDatabase(env.DATABASE_URL);
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
  const db = await createDb(env.DATABASE_URL);
  const { created } = await seedDemoStore(db, env);
  // Without TILL_SECRETS_KEY, provider credentials are sealed under a key kept beside the database (Till reads it from there).
  const keyFile = env.TILL_SECRETS_KEY ? undefined : ensureSecretsKeyFile(env.DATABASE_URL);
  if (keyFile?.created) console.log(`Generated the provider credentials key in ${keyFile.file}`);
  // TILL_DEMO_PROVIDER=wechat|alipay: the demo store charges through WeChat Pay or Alipay at Sandbox Pay's dialect of it;
  // both: WeChat Pay is the default connection and Alipay a second one, and the cashier picks the QR.
  const demo = env.TILL_DEMO_PROVIDER;
  if (demo !== "sandbox" && !loadSecretsKey(env)) {
    console.error(`TILL_DEMO_PROVIDER=${demo} seals the demo merchant's keys: on PostgreSQL set TILL_SECRETS_KEY (32 bytes in base64, the same on every server)`);
    process.exit(1);
  }
  const demoWechat = demo === "wechat" || demo === "both" ? ensureDemoWechatFile(env.DATABASE_URL) : undefined;
  if (demoWechat) await connectDemoWechat(db, { demo: demoWechat.demo, secretsKey: loadSecretsKey(env)!, baseUrl: env.SANDBOX_URL });
  const demoAlipay = demo === "alipay" || demo === "both" ? ensureDemoAlipayFile(env.DATABASE_URL) : undefined;
  if (demoAlipay) await connectDemoAlipay(db, { demo: demoAlipay.demo, secretsKey: loadSecretsKey(env)!, sandboxUrl: env.SANDBOX_URL, isDefault: demo === "alipay" });
  // Customers see the store they pay, as a real provider shows the account's registered name.
  const merchantName = env.SANDBOX_MERCHANT_NAME || (await getSandboxMerchantName(db)) || undefined;
  await db.$disconnect();
  if (created) console.log("Seeded a demo store on the empty database.");

  if (needsBuild()) {
    console.log("Building Till (next build)…");
    const build = spawnSync(bin("next"), ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  const childEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production" as const,
    SANDBOX_URL: env.SANDBOX_URL,
    SANDBOX_PUBLIC_URL: env.SANDBOX_PUBLIC_URL,
    SANDBOX_MERCHANT_NAME: merchantName,
    TILL_PUBLIC_URL: env.TILL_PUBLIC_URL,
    // Sandbox Pay speaks WeChat Pay APIv3 for the demo merchant, with the keys in this file.
    ...(demoWechat ? { SANDBOX_WECHAT_DEMO_FILE: demoWechat.file } : {}),
    // …and Alipay's OpenAPI v2 gateway for the demo app.
    ...(demoAlipay ? { SANDBOX_ALIPAY_DEMO_FILE: demoAlipay.file } : {}),
    // Readable lines for a person at a terminal, JSON for anything that reads the output.
    TILL_LOG_FORMAT: env.TILL_LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json"),
  };
  if (env.SANDBOX_START === "1") await run("Sandbox Pay", bin("tsx"), ["sandbox/main.ts"], childEnv, /listening on/i);
  // Not `next start`: scripts/serve.ts decides from the socket who is asking (see lib/http/client-address.ts).
  await run("Till", bin("tsx"), ["scripts/serve.ts"], childEnv, /Till ready on/);

  for (const line of startBanner(env, keyFile?.file)) console.log(line);
}

function bin(name: string): string {
  return `node_modules/.bin/${name}`;
}

/** Starts a child process and resolves once it prints its ready line. */
function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let isReady = false;
    const onData = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      const text = chunk.toString();
      stream.write(text.replace(/^(?=.)/gm, `[${name}] `));
      if (!isReady && ready.test(text)) {
        isReady = true;
        resolve();
      }
    };
    child.stdout.on("data", onData(process.stdout));
    child.stderr.on("data", onData(process.stderr));
    child.on("exit", (code, signal) => {
      if (!isReady) reject(new Error(`${name} exited before it was ready (${code ?? signal})`));
      else if (!stopping) {
        console.error(`${name} stopped (${code ?? signal}); stopping everything.`);
        shutdown(1);
      }
    });
  });
}

let stopping = false;
function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
  void Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on("exit", r))))).then(() => process.exit(code));
}

process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

main().catch((error: unknown) => {
  console.error(error);
  shutdown(1);
});
