import type { Ctx } from "@/lib/context";

export type SignInScreen = {
  /** The store whose staff are shown (null: no store yet). */
  storeId: string | null;
  storeName: string;
  timeZone: string;
  /** Every store of the chain, oldest first: a picker is shown when there is more than one. */
  stores: { id: string; name: string }[];
  staff: { id: string; name: string; role: string }[];
};

/**
 * The sign-in screen of a device: the active staff of the store asked for
 * (the picker's choice, or the store this device last signed in to), or of
 * the oldest store when none is asked for or the id is unknown. Listing the
 * stores' names on the sign-in screen is what a chain's shared device needs;
 * a PIN is still needed for anything else.
 */
export async function listSignInStaff(ctx: Ctx, { storeId }: { storeId?: string | null } = {}): Promise<SignInScreen> {
  const stores = await ctx.db.store.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true, timeZone: true } });
  const store = stores.find((s) => s.id === storeId) ?? stores[0];
  if (!store) return { storeId: null, storeName: "Till", timeZone: "Asia/Shanghai", stores: [], staff: [] };
  const staff = await ctx.db.staff.findMany({ where: { storeId: store.id, active: true }, orderBy: [{ role: "desc" }, { name: "asc" }], select: { id: true, name: true, role: true } });
  return { storeId: store.id, storeName: store.name, timeZone: store.timeZone, stores: stores.map(({ id, name }) => ({ id, name })), staff };
}
