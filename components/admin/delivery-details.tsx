"use client";

import { ChevronLeft, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { replayDeliveryAction } from "@/app/(owner)/admin/inbox/actions";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useToast } from "@/components/ui/toast";
import type { DeliveryDetail } from "@/lib/notifications/get-delivery";
import { OUTCOME_TONE, useOutcomeText } from "./inbox-list";
import { useAdminAction } from "./use-admin-action";

/** Pretty-printed when it is JSON; either way rendered as text, so that nothing in a body can become markup. */
function readable(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** One delivery: what Till made of it, its headers and its raw body, and a replay for a verified one. */
export function DeliveryDetails({ delivery }: { delivery: DeliveryDetail }) {
  const t = useTranslations("adminInbox");
  const time = useStoreTime();
  const toast = useToast();
  const router = useRouter();
  const { run, pending } = useAdminAction();
  const outcomeText = useOutcomeText();

  const replay = async () => {
    const result = await run(() => replayDeliveryAction({ deliveryId: delivery.id }));
    if (!result) return;
    toast(result.before === result.after ? "info" : "good", result.before === result.after ? t("replayedNoChange") : t("replayedApplied", { outcome: outcomeText(result.after) }));
    router.refresh();
  };

  const facts: [string, ReactNode][] = [
    [t("received"), time.dateTime(delivery.receivedAt)],
    [t("lastSeen"), time.dateTime(delivery.lastSeenAt)],
    [t("eventId"), <span key="e" className="break-all font-mono">{delivery.eventId ?? "—"}</span>],
    [t("type"), <span key="t" className="font-mono">{delivery.eventType ?? "—"}</span>],
    [t("verification"), delivery.verified ? t("verified") : `${t("rejectedBecause")}: ${delivery.rejectReason ?? ""}`],
    [t("outcomeFilter"), <span key="o" className={cn("rounded-full px-2 py-1 text-sm font-medium", OUTCOME_TONE[delivery.outcome] ?? "bg-slate-100")} data-testid="delivery-outcome">{outcomeText(delivery.outcome)}</span>],
    [t("duplicates"), String(delivery.duplicateCount)],
    [
      t("order"),
      delivery.touched?.orderId ? (
        <Link key="l" href={`/orders/${delivery.touched.orderId}`} className="inline-flex min-h-12 min-w-12 items-center font-mono text-brand underline">
          {delivery.touched.orderReference}
        </Link>
      ) : (
        "—"
      ),
    ],
    [t("size"), t("bytes", { count: delivery.bodyBytes ?? 0 })],
  ];

  return (
    <section className="flex min-w-0 flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Button asChild variant="ghost" size="sm" className="min-w-12">
          <Link href="/admin/inbox">
            <ChevronLeft aria-hidden className="size-5" />
            {t("back")}
          </Link>
        </Button>
        {delivery.replayable && (
          <Button onClick={() => void replay()} disabled={pending} data-testid="replay">
            <RotateCcw aria-hidden className="size-5" />
            {t("replay")}
          </Button>
        )}
      </div>
      <h1 className="text-2xl font-bold">{t("detailTitle")}</h1>
      {delivery.replayable && <p className="text-slate-600">{t("replayHint")}</p>}
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 rounded-2xl bg-white p-4 shadow-sm sm:grid-cols-[auto_1fr]">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="min-w-0">{value}</dd>
          </div>
        ))}
      </dl>
      <h2 className="text-xl font-semibold">{t("headers")}</h2>
      <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-2xl bg-slate-900 p-4 text-sm text-slate-100" data-testid="delivery-headers">
        {readable(delivery.headers)}
      </pre>
      <h2 className="text-xl font-semibold">{delivery.verified ? t("body") : t("bodyPrefix")}</h2>
      <pre className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all rounded-2xl bg-slate-900 p-4 text-sm text-slate-100" data-testid="delivery-body">
        {readable(delivery.rawBody)}
      </pre>
      {delivery.bodySha256 && <p className="break-all font-mono text-sm text-slate-500">SHA-256 {delivery.bodySha256}</p>}
    </section>
  );
}
