"use client";

import { Download } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { Button } from "@/components/ui/button";
import { AdminPager } from "./admin-pager";
import { Select, type SelectOption } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AUDIT_ACTIONS, type AuditFilterInput } from "@/lib/audit/audit-filter";
import type { AuditView } from "@/lib/audit/audit-view";
import { adminHref } from "./admin-href";
import { DateRangeFilter } from "./date-range-filter";

const ALL = "all";
const PATH = "/admin/audit";

/** The audit log: who did what, when, from which terminal; filters in the address, older pages by cursor, CSV of the filter. */
export function AuditLog({ rows, filters, nextCursor, actors }: { rows: AuditView[]; filters: AuditFilterInput; nextCursor: string | null; actors: SelectOption[] }) {
  const t = useTranslations("adminAudit");
  const tAction = useTranslations("adminAudit.actions");
  const time = useStoreTime();
  const router = useRouter();
  const [pending, start] = useTransition();
  const go = (change: Record<string, string | undefined>) => start(() => router.push(adminHref(PATH, filters, change)));
  const actionLabel = (action: string) => {
    const key = action.replace(".", "_");
    return tAction.has(key as Parameters<typeof tAction>[0]) ? tAction(key as Parameters<typeof tAction>[0]) : action;
  };
  const actionOptions = [{ value: ALL, label: t("allActions") }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))];
  if (filters.action && !(AUDIT_ACTIONS as readonly string[]).includes(filters.action)) actionOptions.push({ value: filters.action, label: filters.action });
  const actorOptions = [{ value: ALL, label: t("allActors") }, ...actors.map((a) => (a.value === "system" ? { ...a, label: t("system") } : a))];
  const exportHref = adminHref(`${PATH}/export.csv`, { action: filters.action, actor: filters.actor, from: filters.from, to: filters.to });
  const who = (row: AuditView) => row.actorName ?? (row.actorKind === "system" ? t("system") : row.actorKind === "provider" ? t("provider") : row.actor);

  return (
    <section className="flex flex-col gap-4" aria-busy={pending}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <Button asChild variant="outline" size="sm" className="min-w-12">
          <a href={exportHref} data-testid="audit-export">
            <Download aria-hidden className="size-5" />
            {t("export")}
          </a>
        </Button>
      </div>
      <p className="text-slate-600">{t("intro")}</p>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-4" data-testid="audit-filters">
        <Select aria-label={t("action")} value={filters.action ?? ALL} options={actionOptions} onValueChange={(v) => go({ action: v === ALL ? undefined : v })} />
        <Select aria-label={t("actor")} value={filters.actor ?? ALL} options={actorOptions} onValueChange={(v) => go({ actor: v === ALL ? undefined : v })} />
        <DateRangeFilter from={filters.from} to={filters.to} labels={{ from: t("from"), to: t("to") }} onChange={go} />
      </div>
      {rows.length === 0 ? (
        <p className="rounded-2xl bg-white p-6 text-center text-slate-600" data-testid="audit-empty">
          {t("empty")}
        </p>
      ) : (
        <Table data-testid="audit-table">
          <TableHeader>
            <TableRow>
              <TableHead>{t("when")}</TableHead>
              <TableHead>{t("who")}</TableHead>
              <TableHead>{t("terminal")}</TableHead>
              <TableHead>{t("what")}</TableHead>
              <TableHead>{t("details")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id} data-testid="audit-row">
                <TableCell className="whitespace-nowrap tabular-nums">{time.dateTime(row.at)}</TableCell>
                <TableCell className="max-w-48 truncate">{who(row)}</TableCell>
                <TableCell className="whitespace-nowrap">{row.terminal ?? "—"}</TableCell>
                <TableCell>
                  <div className="font-medium">{actionLabel(row.action)}</div>
                  <div className="text-sm text-slate-500">
                    {row.entityType} {row.entityId}
                  </div>
                </TableCell>
                <TableCell className="max-w-72">
                  <code className="block break-all text-sm text-slate-600">{row.details ?? ""}</code>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <AdminPager
        label={t("pages")}
        newest={filters.cursor ? { href: adminHref(PATH, filters), text: t("newest") } : null}
        older={nextCursor ? { href: adminHref(PATH, filters, { cursor: nextCursor }), text: t("older") } : null} olderTestId="audit-older"
      />
    </section>
  );
}
