import { startSandbox } from "./server";

// `npm run sandbox`: start from the environment, print one line when ready.
async function main(): Promise<void> {
  const sandbox = await startSandbox();
  console.log(`Sandbox Pay listening on ${sandbox.url}`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`[sandbox] ${signal}: finishing in-flight work and closing`);
    void sandbox.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error("[sandbox] close failed", e);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
