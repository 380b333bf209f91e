/**
 * Adds a store to the chain (the database DATABASE_URL names):
 *   npm run store:add -- --name "Shop 2" --owner-name "Li Lei" --owner-pin 5802 [--chain-owner] [--owner-key] [--time-zone Asia/Shanghai]
 * `--chain-owner` makes the first owner the chain's chain_owner (acts as owner in every store).
 * `--owner-key` also creates an owner (or chain_owner) API key; it is printed ONCE.
 */
import { parseArgs } from "node:util";
import { isAppError } from "@/lib/errors";
import { serverCtx } from "@/lib/server-context";
import { createStore } from "@/lib/stores/create-store";

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        name: { type: "string" },
        "owner-name": { type: "string" },
        "owner-pin": { type: "string" },
        "chain-owner": { type: "boolean", default: false },
        "owner-key": { type: "boolean", default: false },
        "time-zone": { type: "string" },
      },
    }));
  } catch (error) {
    console.error(String((error as Error).message));
    return 2;
  }
  if (!values.name || !values["owner-name"] || !values["owner-pin"]) {
    console.error('Usage: npm run store:add -- --name "…" --owner-name "…" --owner-pin <4-8 digits> [--chain-owner] [--owner-key] [--time-zone Area/City]');
    return 2;
  }
  const ctx = await serverCtx();
  try {
    const created = await createStore(ctx, {
      name: values.name,
      ownerName: values["owner-name"],
      ownerPin: values["owner-pin"],
      chainOwner: values["chain-owner"],
      ownerKey: values["owner-key"],
      timeZone: values["time-zone"],
    });
    console.log(`store     ${created.storeId}`);
    console.log(`owner     ${created.ownerId}${values["chain-owner"] ? " (chain_owner)" : ""}`);
    console.log(`terminal  ${created.terminalId}`);
    if (created.ownerKey) console.log(`api key   ${created.ownerKey.key}   (shown once; store it now)`);
    return 0;
  } catch (error) {
    if (isAppError(error)) {
      console.error(`Refused: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await ctx.db.$disconnect();
  }
}

void main().then((code) => process.exit(code));
