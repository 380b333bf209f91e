import type { Db } from "@/lib/db/client";
import { SANDBOX_ACCOUNT_ID } from "./seed-demo-store";

// Sandbox Pay refuses a longer SANDBOX_MERCHANT_NAME (sandbox/env.ts), and would not start.
const MAX_LENGTH = 100;

/**
 * The payee name Sandbox Pay shows on its phone page: the name of the store
 * that owns the env-managed Sandbox Pay account, or null without one.
 *
 * A real QR provider shows the name the merchant registered its account under;
 * it is a property of the account, not a field of each charge, and the
 * protocol has none. So `npm start` reads it here and hands it to Sandbox Pay
 * as SANDBOX_MERCHANT_NAME when it starts it (a rename shows after a restart).
 */
export async function getSandboxMerchantName(db: Db): Promise<string | null> {
  const account = await db.providerAccount.findUnique({ where: { id: SANDBOX_ACCOUNT_ID }, select: { store: { select: { name: true } } } });
  if (!account) return null;
  let name = "";
  // Whole characters only: never half of a surrogate pair.
  for (const char of account.store.name.trim()) {
    if (name.length + char.length > MAX_LENGTH) break;
    name += char;
  }
  return name || null;
}
