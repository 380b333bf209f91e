"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { findOrdersAction, resolveDiscrepancyAction } from "@/app/(owner)/reconciliation/actions";
import { useErrorText } from "@/components/i18n/error-text";
import { useMoney } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { Resolution } from "@/lib/reconciliation/discrepancy-resolutions";

type FoundOrder = { id: string; reference: string; amount: number; received: number };

/**
 * One resolution of a discrepancy, recorded with the owner's note: accept,
 * write off, mark refunded — or link an unknown payment to an order found by
 * its reference or amount. Resolving never moves money; the server refuses
 * what the type does not allow.
 */
export function ResolveDiscrepancy({ discrepancyId, resolution, day }: { discrepancyId: string; resolution: Resolution; day: string }) {
  const t = useTranslations("reconciliation");
  const tc = useTranslations("common");
  const money = useMoney();
  const errorText = useErrorText();
  const toast = useToast();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<FoundOrder[] | "unreadable" | null>(null);
  const [orderId, setOrderId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const linking = resolution === "linked";

  const search = () =>
    start(async () => {
      setProblem(null);
      const result = await findOrdersAction({ q: query, day }).catch(() => null);
      if (!result) return setProblem(errorText({ code: "internal_error", message: "" }));
      if (!result.ok) return setProblem(errorText(result));
      setFound(result.data.search === "unreadable" ? "unreadable" : result.data.orders);
      setOrderId(null);
    });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!note.trim()) return setProblem(t("noteRule"));
    if (linking && !orderId) return setProblem(t("linkRule"));
    start(async () => {
      setProblem(null);
      const result = await resolveDiscrepancyAction({ discrepancyId, resolution, note, ...(linking && orderId ? { orderId } : {}) }).catch(() => null);
      if (!result) return setProblem(errorText({ code: "internal_error", message: "" }));
      if (!result.ok) return setProblem(errorText(result));
      setOpen(false);
      toast("good", t("recorded"));
      router.refresh();
    });
  };

  return (
    <>
      <Button variant="outline" size="sm" onClick={() => setOpen(true)} data-testid={`resolve-${resolution}`}>
        {t(`actions.${resolution}`)}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent title={t(`actions.${resolution}`)} closeLabel={tc("close")} data-testid="resolve-dialog">
          <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
            {linking && (
              <div className="flex flex-col gap-2">
                <label htmlFor="link-search" className="font-medium">
                  {t("linkSearch")}
                </label>
                <div className="flex gap-2">
                  <Input
                    id="link-search"
                    value={query}
                    onChange={(e) => setQuery(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") {
                        e.preventDefault();
                        if (query.trim()) search();
                      }
                    }}
                    data-testid="link-search"
                  />
                  <Button type="button" variant="outline" className="shrink-0" onClick={search} disabled={pending || !query.trim()}>
                    {t("search")}
                  </Button>
                </div>
                {found === "unreadable" && <p className="text-sm text-slate-600">{t("linkUnreadable")}</p>}
                {Array.isArray(found) && found.length === 0 && <p className="text-sm text-slate-600">{t("linkNone")}</p>}
                {Array.isArray(found) && found.length > 0 && (
                  <fieldset className="flex flex-col gap-1">
                    <legend className="sr-only">{t("linkPick")}</legend>
                    {found.map((o) => (
                      <label key={o.id} className={cn("flex min-h-12 items-center gap-3 rounded-lg px-3 ring-1", orderId === o.id ? "bg-teal-50 ring-brand" : "ring-slate-200")}>
                        <input type="radio" name="order" value={o.id} checked={orderId === o.id} onChange={() => setOrderId(o.id)} />
                        <span className="font-mono">{o.reference}</span>
                        <span className="ml-auto tabular-nums">{money(o.amount)}</span>
                      </label>
                    ))}
                  </fieldset>
                )}
              </div>
            )}
            <label htmlFor={`note-${discrepancyId}-${resolution}`} className="font-medium">
              {t("note")}
            </label>
            <Input id={`note-${discrepancyId}-${resolution}`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} data-testid="resolve-note" />
            {problem && (
              <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-700">
                {problem}
              </p>
            )}
            <Button type="submit" disabled={pending} data-testid="resolve-confirm">
              {t("confirm")}
            </Button>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
