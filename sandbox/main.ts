import { readFileSync } from "node:fs";
import { startSandbox } from "./server";
import { log } from "./log";

// `npm run sandbox`: start from the environment, print one line when ready.
async function main(): Promise<void> {
  // `npm start` with TILL_DEMO_PROVIDER=wechat: also speak WeChat Pay APIv3 for the demo merchant (lib/stores/demo-wechat.ts).
  const wechatFile = process.env.SANDBOX_WECHAT_DEMO_FILE;
  const demo = wechatFile ? (JSON.parse(readFileSync(wechatFile, "utf8")) as Record<string, string>) : undefined;
  const sandbox = await startSandbox(
    demo
      ? { wechat: { mchid: demo.mchid!, appid: demo.appid!, apiV3Key: demo.apiV3Key!, merchantPublicKeyPem: demo.merchantPublicKeyPem!, platformPrivateKeyPem: demo.platformPrivateKeyPem!, publicKeyId: demo.publicKeyId! } }
      : {},
  );
  log.info({ url: sandbox.url }, `Sandbox Pay listening on ${sandbox.url}`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "finishing in-flight work and closing");
    void sandbox.close().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ err: e }, "close failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  log.fatal({ err: e }, "Sandbox Pay could not start");
  process.exit(1);
});
