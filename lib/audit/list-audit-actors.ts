import type { Ctx } from "@/lib/context";

export type AuditActorOption = { value: string; label: string };

/** Who the audit log can be filtered by: the store's staff and API keys (revoked and inactive ones too, their past stays). */
export async function listAuditActors(ctx: Ctx, storeId: string): Promise<AuditActorOption[]> {
  const [staff, keys] = await Promise.all([
    ctx.db.staff.findMany({ where: { storeId }, select: { id: true, name: true } }),
    ctx.db.apiKey.findMany({ where: { storeId }, select: { id: true, name: true, prefix: true } }),
  ]);
  const byName = (a: AuditActorOption, b: AuditActorOption) => a.label.localeCompare(b.label);
  return [
    ...staff.map((s) => ({ value: `staff:${s.id}`, label: s.name })).sort(byName),
    ...keys.map((k) => ({ value: `api_key:${k.id}`, label: `${k.name} (${k.prefix}…)` })).sort(byName),
    { value: "system", label: "system" },
  ];
}
