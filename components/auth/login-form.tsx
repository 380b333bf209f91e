"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { signInAction } from "@/app/(auth)/login/actions";
import { errorText } from "@/components/i18n/error-text";
import { useI18n } from "@/components/i18n/i18n-provider";
import { LanguageSwitch } from "@/components/i18n/language-switch";
import { PadButton } from "@/components/ui/pad-button";

type StaffTile = { id: string; name: string; role: string };

export function LoginForm({ storeName, staff }: { storeName: string; staff: StaffTile[] }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const [selected, setSelected] = useState<StaffTile | null>(staff.length === 1 ? staff[0]! : null);
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const submit = (value: string) =>
    start(async () => {
      if (!selected) return;
      const result = await signInAction({ staffId: selected.id, pin: value });
      setPin("");
      if (result.ok) {
        router.replace("/sale");
        router.refresh();
        return;
      }
      if (result.lockedUntil) {
        setError(t("locked", { time: new Date(result.lockedUntil).toLocaleTimeString(locale) }));
      } else if (result.code === "unauthorized" && result.triesLeft !== undefined) {
        setError(t("wrongPin", { left: result.triesLeft }));
      } else {
        setError(errorText(t, result));
      }
    });

  const press = (digit: string) => {
    if (pending) return;
    setError(null);
    setPin((p) => (p.length < 8 ? p + digit : p));
  };

  return (
    <main className="mx-auto flex min-h-full max-w-md flex-col gap-6 p-6">
      <header className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">{storeName}</h1>
        <LanguageSwitch className="bg-white ring-1 ring-slate-200" />
      </header>
      <h2 className="text-2xl font-bold">{t("signInTitle")}</h2>
      <div className="grid grid-cols-2 gap-3" role="radiogroup" aria-label={t("signInTitle")}>
        {staff.map((s) => (
          <button
            key={s.id}
            type="button"
            role="radio"
            aria-checked={selected?.id === s.id}
            onClick={() => {
              setSelected(s);
              setPin("");
              setError(null);
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
          <div className="flex justify-center gap-3" aria-live="polite" data-testid="pin-dots">
            {Array.from({ length: Math.max(4, pin.length) }, (_, i) => (
              <span key={i} className={`h-4 w-4 rounded-full ${i < pin.length ? "bg-slate-900" : "bg-slate-300"}`} />
            ))}
          </div>
          {error && (
            <p role="alert" className="rounded-lg bg-red-50 p-3 text-center text-red-700" data-testid="pin-error">
              {error}
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
            <PadButton
              onClick={() => submit(pin)}
              disabled={pin.length < 4 || pending}
              className="bg-brand text-base text-white ring-brand active:bg-brand-dark"
            >
              {t("signIn")}
            </PadButton>
          </div>
        </section>
      )}
    </main>
  );
}
