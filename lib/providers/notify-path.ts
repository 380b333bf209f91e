import type { ProviderAccount } from "@/lib/generated/prisma/client";

/** Where an account's provider posts its notifications (app/api/webhooks/[provider]): one route per kind. */
export function notifyPath(account: Pick<ProviderAccount, "kind">): string {
  return `/api/webhooks/${account.kind}`;
}
