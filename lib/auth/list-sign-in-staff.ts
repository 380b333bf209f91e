import type { Ctx } from "@/lib/context";

/** The staff tiles on the sign-in screen: active staff of the terminal's store. */
export async function listSignInStaff(ctx: Ctx): Promise<{ storeName: string; timeZone: string; staff: { id: string; name: string; role: string }[] }> {
  const store = await ctx.db.store.findFirst({ orderBy: { createdAt: "asc" } });
  if (!store) return { storeName: "Till", timeZone: "Asia/Shanghai", staff: [] };
  const staff = await ctx.db.staff.findMany({ where: { storeId: store.id, active: true }, orderBy: [{ role: "desc" }, { name: "asc" }], select: { id: true, name: true, role: true } });
  return { storeName: store.name, timeZone: store.timeZone, staff };
}
