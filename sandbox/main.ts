import { readFileSync } from "node:fs";
import { startSandbox } from "./server";
import { log } from "./log";

// `npm run sandbox`: start from the environment, print one line when ready.
async function main(): Promise<void> {
  // `npm start` with TILL_DEMO_PROVIDER=wechat (or both): also speak WeChat Pay APIv3 for the demo merchant (lib/stores/demo-wechat.ts).
  const wechatFile = process.env.SANDBOX_WECHAT_DEMO_FILE;
  const demo = wechatFile ? (JSON.parse(readFileSync(wechatFile, "utf8")) as Record<string, string>) : undefined;
  // TILL_DEMO_PROVIDER=alipay (or both): also speak Alipay's OpenAPI v2 gateway for the demo app (lib/stores/demo-alipay.ts).
  const alipayFile = process.env.SANDBOX_ALIPAY_DEMO_FILE;
  const app = alipayFile ? (JSON.parse(readFileSync(alipayFile, "utf8")) as Record<string, string>) : undefined;
  const sandbox = await startSandbox({
    ...(demo
      ? { wechat: { mchid: demo.mchid!, appid: demo.appid!, apiV3Key: demo.apiV3Key!, merchantPublicKeyPem: demo.merchantPublicKeyPem!, platformPrivateKeyPem: demo.platformPrivateKeyPem!, publicKeyId: demo.publicKeyId! } }
      : {}),
    ...(app ? { alipay: { appId: app.appId!, appPublicKeyPem: app.appPublicKeyPem!, sellerId: app.sellerId!, alipayPrivateKeyPem: app.alipayPrivateKeyPem! } } : {}),
  });
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
