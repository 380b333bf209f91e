import { startSandbox } from "./server";
import { log } from "./log";

// `npm run sandbox`: start from the environment, print one line when ready.
async function main(): Promise<void> {
  const sandbox = await startSandbox();
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
