"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { saveSettingsAction } from "@/app/(owner)/admin/settings/actions";
import { useErrorText } from "@/components/i18n/error-text";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { parseAmount, toDecimalString } from "@/lib/money";
import type { StoreSettings } from "@/lib/stores/store-settings";
import { Field } from "./field";
import { formText } from "./form-text";

const MONEY_FIELDS = ["amountTolerance", "refundApprovalThreshold", "confirmAmountAbove"] as const;

/** What each field allows, said when the server refuses a value. */
const FIELD_RULES = {
  name: "nameRule",
  currency: "currencyHint",
  timeZone: "timeZoneRule",
  qrLifetimeS: "qrLifetimeHint",
  amountTolerance: "toleranceRule",
  refundApprovalThreshold: "notAnAmount",
  confirmAmountAbove: "notAnAmount",
} as const;

/** The owner's store settings: validated on the server, each change audited with its old and new value. */
export function SettingsForm({ initial, zones }: { initial: StoreSettings; zones: string[] }) {
  const t = useTranslations("adminSettings");
  const errorText = useErrorText();
  const toast = useToast();
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, start] = useTransition();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = formText(form);
    const currency = text("currency").toUpperCase();
    const local: Record<string, string> = {};
    const money = Object.fromEntries(
      MONEY_FIELDS.map((field) => {
        const minor = parseAmount(text(field), /^[A-Z]{3}$/.test(currency) ? currency : initial.currency);
        if (minor === null) local[field] = t("notAnAmount");
        return [field, minor ?? 0];
      }),
    ) as Record<(typeof MONEY_FIELDS)[number], number>;
    const seconds = Number(text("qrLifetimeS"));
    if (!Number.isInteger(seconds)) local.qrLifetimeS = t("notSeconds");
    if (Object.keys(local).length > 0) return setErrors(local);
    start(async () => {
      const result = await saveSettingsAction({ name: text("name"), currency, timeZone: text("timeZone"), qrLifetimeS: seconds, ...money });
      if (result.ok) {
        setErrors({});
        toast("good", t("saved"));
        router.refresh();
        return;
      }
      // The server names the field; the words are the screen's, saying what is allowed.
      if (result.errors?.length) setErrors(Object.fromEntries(result.errors.map((e) => [e.path, e.path in FIELD_RULES ? t(FIELD_RULES[e.path as keyof typeof FIELD_RULES]) : e.message])));
      else toast("bad", errorText(result));
    });
  };

  const decimal = (minor: number) => toDecimalString(minor, initial.currency);
  return (
    <form onSubmit={submit} className="flex flex-col gap-4 rounded-2xl bg-white p-4 shadow-sm" noValidate data-testid="settings-form">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <Field id="name" label={t("name")} error={errors.name}>
        <Input id="name" name="name" defaultValue={initial.name} maxLength={80} aria-invalid={Boolean(errors.name)} />
      </Field>
      <div className="grid gap-4 md:grid-cols-2">
        <Field id="currency" label={t("currency")} hint={t("currencyHint")} error={errors.currency}>
          <Input id="currency" name="currency" defaultValue={initial.currency} maxLength={3} className="uppercase" aria-invalid={Boolean(errors.currency)} />
        </Field>
        <Field id="timeZone" label={t("timeZone")} hint={t("timeZoneHint")} error={errors.timeZone}>
          <Input id="timeZone" name="timeZone" defaultValue={initial.timeZone} list="time-zones" aria-invalid={Boolean(errors.timeZone)} />
          <datalist id="time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </Field>
        <Field id="qrLifetimeS" label={t("qrLifetime")} hint={t("qrLifetimeHint")} error={errors.qrLifetimeS}>
          <Input id="qrLifetimeS" name="qrLifetimeS" inputMode="numeric" defaultValue={initial.qrLifetimeS} aria-invalid={Boolean(errors.qrLifetimeS)} />
        </Field>
        <Field id="amountTolerance" label={t("tolerance")} hint={t("toleranceHint")} error={errors.amountTolerance}>
          <Input id="amountTolerance" name="amountTolerance" inputMode="decimal" defaultValue={decimal(initial.amountTolerance)} aria-invalid={Boolean(errors.amountTolerance)} />
        </Field>
        <Field id="refundApprovalThreshold" label={t("approval")} hint={t("approvalHint")} error={errors.refundApprovalThreshold}>
          <Input id="refundApprovalThreshold" name="refundApprovalThreshold" inputMode="decimal" defaultValue={decimal(initial.refundApprovalThreshold)} aria-invalid={Boolean(errors.refundApprovalThreshold)} />
        </Field>
        <Field id="confirmAmountAbove" label={t("confirmAbove")} hint={t("confirmAboveHint")} error={errors.confirmAmountAbove}>
          <Input id="confirmAmountAbove" name="confirmAmountAbove" inputMode="decimal" defaultValue={decimal(initial.confirmAmountAbove)} aria-invalid={Boolean(errors.confirmAmountAbove)} />
        </Field>
      </div>
      <Button type="submit" size="counter" disabled={pending} className="md:self-start" data-testid="save-settings">
        {t("save")}
      </Button>
    </form>
  );
}
