"use client";

import { Undo2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { refundDiscrepancyAction } from "@/app/(owner)/reconciliation/actions";
import { refundAction } from "@/app/(terminal)/orders/[orderId]/actions";
import { useErrorText } from "@/components/i18n/error-text";
import { useMoney } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { REFUND_REASONS } from "@/lib/refunds/refund-reasons";
import { RefundAmount } from "./refund-amount";
import { refundIntentKey, forgetRefundIntent } from "./refund-intent";

const OTHER = "other";

/**
 * What is refunded: a payment of an order, or the payment that opened a
 * discrepancy (the owner's Reconciliation page), preset to what the finding
 * needs returned; that refund records the finding and resolves it when it succeeds.
 */
type RefundTarget = { orderId: string; paymentId: string; refundable: number } | { discrepancyId: string; paymentId: string; refundable: number; preset: number };

/**
 * Refunding one payment: the whole of what is left or part of it, a reason,
 * a plain statement of what will happen, and — when the store's threshold
 * needs it — an owner's PIN in the same dialog. One key per refund intent,
 * kept across reloads, so that a double tap, a retry or a reload never
 * refunds twice.
 */
export function RefundButton(props: RefundTarget) {
  const { paymentId, refundable } = props;
  const preset = "discrepancyId" in props ? props.preset : refundable;
  const t = useTranslations("refund");
  const tc = useTranslations("common");
  const money = useMoney();
  const errorText = useErrorText();
  const toast = useToast();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState(preset);
  const [reason, setReason] = useState<string>(REFUND_REASONS[0]);
  const [otherReason, setOtherReason] = useState("");
  const [approval, setApproval] = useState<{ triesLeft: number | null } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const valid = amount > 0 && amount <= refundable;
  const reasonText = reason === OTHER ? otherReason.trim() : reason;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!valid || !reasonText) return setProblem(!valid ? t("amountRule", { max: money(refundable) }) : t("reasonRule"));
    const pinValue = new FormData(event.currentTarget).get("pin");
    const approverPin = approval && typeof pinValue === "string" && pinValue ? pinValue : undefined;
    const key = refundIntentKey(paymentId, { amount, reason: reasonText });
    start(async () => {
      setProblem(null);
      const request =
        "discrepancyId" in props
          ? refundDiscrepancyAction({ discrepancyId: props.discrepancyId, amount, reason: reasonText, key })
          : refundAction({ orderId: props.orderId, paymentId, amount, reason: reasonText, key, ...(approverPin ? { approverPin } : {}) });
      const result = await request.catch(() => null);
      if (!result) return setProblem(errorText({ code: "internal_error", message: "" }));
      if (result.ok) {
        forgetRefundIntent(paymentId);
        setOpen(false);
        setApproval(null);
        toast("good", t("sent", { amount: money(amount) }));
        router.refresh();
        return;
      }
      if (result.code === "approval_required") {
        const triesLeft = typeof result.extra?.tries_left === "number" ? result.extra.tries_left : null;
        if (approval) setProblem(t("wrongPin"));
        return setApproval({ triesLeft });
      }
      if (result.code === "amount_exceeds_refundable") return setProblem(t("tooMuch"));
      setProblem(errorText(result));
    });
  };

  return (
    <>
      <Button
        variant="outline"
        onClick={() => {
          setAmount(preset);
          setOpen(true);
        }}
        data-testid="refund-open"
      >
        <Undo2 aria-hidden className="size-5" />
        {t("open")}
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) {
            setApproval(null);
            setProblem(null);
          }
        }}
      >
        <DialogContent title={t("title")} description={t("refundable", { amount: money(refundable) })} closeLabel={tc("close")} className="max-h-[calc(100dvh-2rem)] overflow-y-auto" data-testid="refund-dialog">
          <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
            <RefundAmount value={amount} max={refundable} onChange={setAmount} />
            <div className="flex flex-col gap-1">
              <label htmlFor="refund-reason" className="font-medium">
                {t("reason")}
              </label>
              <Select id="refund-reason" value={reason} onValueChange={setReason} options={[...REFUND_REASONS.map((r) => ({ value: r, label: t(`reasons.${r}`) })), { value: OTHER, label: t("reasons.other") }]} />
              {reason === OTHER && <Input aria-label={t("reasonText")} value={otherReason} onChange={(e) => setOtherReason(e.target.value)} maxLength={80} data-testid="refund-reason-text" />}
            </div>
            <p className="rounded-lg bg-amber-50 p-3 text-amber-900" data-testid="refund-summary">
              {valid ? t("summary", { amount: money(amount) }) : t("amountRule", { max: money(refundable) })}
            </p>
            {approval && (
              <div className="flex flex-col gap-1 rounded-lg bg-slate-50 p-3" data-testid="refund-approval">
                <label htmlFor="refund-pin" className="font-medium">
                  {t("approvalNeeded")}
                </label>
                <Input id="refund-pin" name="pin" type="password" inputMode="numeric" autoComplete="off" maxLength={8} data-testid="approver-pin" />
                {approval.triesLeft !== null && problem && <p className="text-sm text-slate-600">{t("triesLeft", { count: approval.triesLeft })}</p>}
              </div>
            )}
            {problem && (
              <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-700" data-testid="refund-problem">
                {problem}
              </p>
            )}
            <Button type="submit" size="counter" variant="danger" disabled={pending || !valid} data-testid="refund-confirm" className="[overflow-wrap:anywhere]">
              {approval ? t("approveAndRefund", { amount: valid ? money(amount) : "" }) : t("confirm", { amount: valid ? money(amount) : "" })}
            </Button>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
