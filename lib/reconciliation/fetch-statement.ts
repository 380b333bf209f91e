import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { ProviderAccount } from "@/lib/generated/prisma/client";
import { defaultConnection } from "@/lib/providers/default-connection";
import { isProviderError } from "@/lib/providers/types";
import { importStatement, type ImportStatementResult } from "./import-statement";
import { utcDayStart } from "./statement-importer";

/**
 * Fetches a provider day's statement (GET /v1/statements through the
 * provider adapter) and imports it as an upload would be, streamed from the
 * provider's answer. The account is the store's default one unless given.
 */
export async function fetchStatement(
  ctx: Ctx,
  input: { storeId: string; day: string; importedBy: string; account?: ProviderAccount },
): Promise<ImportStatementResult> {
  if (!utcDayStart(input.day)) throw new AppError("invalid_request", "date: a real day written YYYY-MM-DD", { errors: [{ path: "date", message: "invalid" }] });
  const account = input.account ?? (await defaultConnection(ctx.db, input.storeId)).account;
  let body: AsyncIterable<Uint8Array>;
  try {
    body = await ctx.provider(account).fetchStatement(input.day);
  } catch (error) {
    if (isProviderError(error, "rejected") && error.rejection?.status === 422) {
      throw new AppError("invalid_request", `date: the provider has no statement for ${input.day} yet`, { errors: [{ path: "date", message: "not available" }] });
    }
    if (isProviderError(error)) throw new AppError("provider_unavailable", "The provider did not hand over the statement; try again later");
    throw error;
  }
  try {
    return await importStatement(ctx, { storeId: input.storeId, account, importedBy: input.importedBy, body, date: input.day });
  } catch (error) {
    if (isProviderError(error)) throw new AppError("provider_unavailable", "The provider's statement broke off; nothing was imported");
    throw error;
  }
}
