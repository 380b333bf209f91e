import { recordAudit } from "@/lib/audit/record-audit";
import { PIN_PATTERN } from "@/lib/auth/add-staff";
import { hashPin } from "@/lib/auth/pin-hash";
import { hashToken, newToken } from "@/lib/auth/tokens";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";

export type CreateStoreInput = {
  name: string;
  ownerName: string;
  ownerPin: string;
  /** The first owner is the chain's chain_owner (acts as owner in every store). */
  chainOwner?: boolean;
  timeZone?: string;
  currency?: string;
  /** Also create an owner API key (shown once by the caller). */
  ownerKey?: boolean;
};

export type CreatedStore = { storeId: string; ownerId: string; terminalId: string; ownerKey?: { id: string; key: string } };

/** A PIN anyone would try first: one digit repeated, or a run up or down (1234, 9876). */
export function isWeakPin(pin: string): boolean {
  const d = [...pin].map(Number);
  const steps = new Set(d.slice(1).map((x, i) => (x - d[i]! + 10) % 10));
  return steps.size === 1 && [0, 1, 9].includes([...steps][0]!);
}

/**
 * A new store of the chain (one database = one chain): the store, its first
 * owner (or the chain owner) with a PIN, a terminal "T1", and optionally an
 * owner API key. Refuses a weak PIN and a name another store already has.
 * The store's own staff, terminals, catalogue, provider connections and
 * settings start empty/default; the owner connects a provider on its Provider page.
 */
export async function createStore(ctx: Ctx, input: CreateStoreInput): Promise<CreatedStore> {
  const name = input.name.trim();
  const ownerName = input.ownerName.trim();
  if (!name || name.length > 80) throw new AppError("invalid_request", "A store needs a name (at most 80 characters)", { errors: [{ path: "name", message: "required" }] });
  if (!ownerName || ownerName.length > 60) throw new AppError("invalid_request", "The owner needs a name (at most 60 characters)", { errors: [{ path: "ownerName", message: "required" }] });
  if (!PIN_PATTERN.test(input.ownerPin)) throw new AppError("invalid_request", "A PIN is 4 to 8 digits", { errors: [{ path: "ownerPin", message: "4 to 8 digits" }] });
  if (isWeakPin(input.ownerPin)) throw new AppError("invalid_request", "That PIN is too easy to guess (a repeated digit or a run such as 1234)", { errors: [{ path: "ownerPin", message: "too easy to guess" }] });
  const timeZone = input.timeZone ?? "Asia/Shanghai";
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    throw new AppError("invalid_request", `Unknown time zone ${timeZone}`, { errors: [{ path: "timeZone", message: "unknown" }] });
  }
  const pinHash = await hashPin(input.ownerPin);
  const storeId = newId("sto");
  const ownerId = newId("stf");
  const terminalId = newId("trm");
  const key = input.ownerKey ? { id: newId("key"), key: newToken("tk_") } : undefined;
  const role = input.chainOwner ? "chain_owner" : "owner";
  const at = ctx.now();
  await ctx.db.$transaction(
    async (tx) => {
      if (await tx.store.findFirst({ where: { name }, select: { id: true } })) {
        throw new AppError("conflict", `A store named "${name}" already exists`, { errors: [{ path: "name", message: "taken" }] });
      }
      await tx.store.create({ data: { id: storeId, name, timeZone, currency: input.currency ?? "CNY", createdAt: at } });
      await tx.terminal.create({ data: { id: terminalId, storeId, code: "T1", name: "Counter 1", createdAt: at } });
      await tx.staff.create({ data: { id: ownerId, storeId, name: ownerName, role, pinHash, createdAt: at } });
      if (key) {
        await tx.apiKey.create({ data: { id: key.id, storeId, terminalId, name: `${ownerName} (${role})`, role, keyHash: hashToken(key.key), prefix: key.key.slice(0, 8), createdAt: at } });
      }
      await recordAudit(tx, { storeId, actor: "system:store-add", action: "store.created", entityType: "store", entityId: storeId, data: { name, ownerId, role } }, at);
    },
    { timeout: 30_000 },
  );
  return { storeId, ownerId, terminalId, ownerKey: key };
}
