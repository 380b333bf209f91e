"use client";

import { useTranslations } from "next-intl";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { signInAction } from "@/app/(auth)/login/actions";
import { useErrorText, type ActionError } from "@/components/i18n/error-text";
import { LanguageSwitch } from "@/components/i18n/language-switch";
import { PadButton, releaseFocusAfterPointer } from "@/components/ui/pad-button";
import { useDigitKeys } from "@/components/ui/use-digit-keys";

type StaffTile = { id: string; name: string; role: string };

/** Why the last PIN was refused, kept as facts so that the words follow a language switch. */
type Refusal = { kind: "wrongPin"; left: number } | { kind: "locked"; until: string } | { kind: "error"; error: ActionError };

const MAX_PIN = 8;

type LoginFormProps = {
  storeName: string;
  /** The store whose staff are shown, and the chain's stores: more than one gives the device a store picker. */
  storeId?: string | null;
  stores?: { id: string; name: string }[];
  staff: StaffTile[];
  /** Where to go once signed in (a same-site path). */
  returnTo?: string;
  /** Owner pages asked for the PIN again after a quiet spell. */
  ownerReauth?: boolean;
  preselectId?: string;
};

export function LoginForm({ storeName, storeId, stores = [], staff, returnTo = "/sale", ownerReauth = false, preselectId }: LoginFormProps) {
  const t = useTranslations("login");
  const params = useSearchParams();
  const ts = useTranslations("security");
  const errorText = useErrorText();
  const router = useRouter();
  const [selected, setSelected] = useState<StaffTile | null>(staff.find((s) => s.id === preselectId) ?? (staff.length === 1 ? staff[0]! : null));
  const [pin, setPin] = useState("");
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [pending, start] = useTransition();

  const submit = () =>
    start(async () => {
      if (!selected || pin.length < 4) return;
      const result = await signInAction({ staffId: selected.id, pin });
      setPin("");
      if (result.ok) {
        router.replace(returnTo);
        router.refresh();
        return;
      }
      if (result.lockedUntil) setRefusal({ kind: "locked", until: result.lockedUntil });
      else if (result.code === "unauthorized" && result.triesLeft !== undefined) setRefusal({ kind: "wrongPin", left: result.triesLeft });
      else setRefusal({ kind: "error", error: result });
    });

  const press = (digit: string) => {
    if (pending || !selected) return;
    setRefusal(null);
    setPin((p) => (p.length < MAX_PIN ? p + digit : p));
  };

  useDigitKeys({ onDigit: press, onBackspace: () => setPin((p) => p.slice(0, -1)), onClear: () => setPin(""), onEnter: submit }, selected !== null);

  const refusalText =
    refusal === null ? null : refusal.kind === "locked" ? t("locked", { until: new Date(refusal.until) }) : refusal.kind === "wrongPin" ? t("wrongPin", { left: refusal.left }) : errorText(refusal.error);

  return (
    <main className="mx-auto flex min-h-full max-w-md flex-col gap-6 p-4 sm:p-6">
      <header className="flex items-center justify-between gap-2">
        <h1 className="truncate text-xl font-semibold">{storeName}</h1>
        <LanguageSwitch className="bg-white ring-1 ring-slate-200" />
      </header>
      {stores.length > 1 && !ownerReauth && (
        <label className="flex items-center gap-3 text-lg">
          <span className="shrink-0 text-slate-600">{t("store")}</span>
          <select
            className="min-h-12 w-full rounded-xl bg-white px-3 ring-1 ring-slate-300"
            value={storeId ?? ""}
            data-testid="login-store"
            onChange={(event) => {
              const query = new URLSearchParams(params);
              query.set("store", event.target.value);
              router.replace(`/login?${query}`);
            }}
          >
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <h2 className="text-2xl font-bold">{t("signInTitle")}</h2>
      {ownerReauth && (
        <p role="status" className="rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
          {ts("ownerReauth")}
        </p>
      )}
      <div className="grid grid-cols-2 gap-3" role="radiogroup" aria-label={t("signInTitle")}>
        {staff.map((s) => (
          <button
            key={s.id}
            type="button"
            role="radio"
            aria-checked={selected?.id === s.id}
            onClick={(event) => {
              releaseFocusAfterPointer(event);
              setSelected(s);
              setPin("");
              setRefusal(null);
            }}
            className={`min-h-16 rounded-xl px-4 text-left text-lg font-medium ring-2 ${selected?.id === s.id ? "bg-brand text-white ring-brand" : "bg-white ring-slate-200"}`}
          >
            {s.name}
          </button>
        ))}
      </div>
      {selected && (
        <section className="flex flex-col gap-4">
          <p className="text-center text-lg">{t("enterPin")}</p>
          <div className="flex justify-center gap-3" aria-live="polite" data-testid="pin-dots" data-length={pin.length}>
            {Array.from({ length: Math.max(4, pin.length) }, (_, i) => (
              <span key={i} className={`h-4 w-4 rounded-full ${i < pin.length ? "bg-slate-900" : "bg-slate-300"}`} />
            ))}
          </div>
          {refusalText && (
            <p role="alert" className="rounded-lg bg-red-50 p-3 text-center text-red-700" data-testid="pin-error">
              {refusalText}
            </p>
          )}
          <div className="grid grid-cols-3 gap-3">
            {["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((d) => (
              <PadButton key={d} onClick={() => press(d)}>
                {d}
              </PadButton>
            ))}
            <PadButton onClick={() => setPin("")} className="text-base">
              {t("clear")}
            </PadButton>
            <PadButton onClick={() => press("0")}>0</PadButton>
            <PadButton onClick={submit} disabled={pin.length < 4 || pending} className="bg-brand text-base text-white ring-brand active:bg-brand-dark" data-testid="sign-in">
              {t("signIn")}
            </PadButton>
          </div>
        </section>
      )}
    </main>
  );
}
