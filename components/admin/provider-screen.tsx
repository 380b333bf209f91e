"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { finishRotationAction, startRotationAction, updateProviderAction } from "@/app/(owner)/admin/provider/actions";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { ProviderConnectionView } from "@/lib/providers/provider-connection-view";
import { useAdminAction } from "./use-admin-action";

function textOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/**
 * The payment provider connection: its URL and API key (write-only: shown
 * only by its last characters), and the webhook secret's rotation in two
 * steps, during which both secrets verify.
 */
export function ProviderScreen({ connection }: { connection: ProviderConnectionView }) {
  const t = useTranslations("adminProvider");
  const time = useStoreTime();
  const toast = useToast();
  const { run, pending } = useAdminAction();
  const [confirmFinish, setConfirmFinish] = useState(false);
  const disabled = pending || !connection.editable;

  const onSave = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const apiKey = textOf(data, "apiKey");
    if ((await run(() => updateProviderAction({ baseUrl: textOf(data, "baseUrl"), apiKey: apiKey || undefined }))) !== null) {
      form.reset();
      toast("good", t("saved"));
    }
  };
  const onStart = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    if ((await run(() => startRotationAction({ newSecret: textOf(new FormData(form), "newSecret") }))) !== null) {
      form.reset();
      toast("good", t("rotationStarted"));
    }
  };
  const onFinish = async () => {
    if ((await run(() => finishRotationAction({}))) !== null) toast("good", t("rotationFinished"));
    setConfirmFinish(false);
  };

  return (
    <div className="flex flex-col gap-6" aria-busy={pending}>
      <section className="flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <p className="text-slate-600">{t("intro", { name: connection.name })}</p>
        {!connection.editable && <p className="rounded-lg bg-amber-50 p-3 text-amber-900">{t("sharedAccount")}</p>}
        <form onSubmit={(e) => void onSave(e)} className="flex flex-col gap-3" data-testid="provider-form">
          <label className="flex flex-col gap-1">
            <span className="font-medium">{t("baseUrl")}</span>
            <Input name="baseUrl" type="url" required defaultValue={connection.baseUrl} disabled={disabled} autoComplete="off" />
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">{t("apiKey")}</span>
            <Input name="apiKey" type="password" placeholder={t("apiKeyPlaceholder", { hint: connection.apiKeyHint })} disabled={disabled} autoComplete="new-password" />
            <span className="text-sm text-slate-500">{t("writeOnly")}</span>
          </label>
          <Button type="submit" className="self-start" disabled={disabled}>
            {t("save")}
          </Button>
        </form>
      </section>

      <section className="flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm" data-testid="rotation">
        <h2 className="text-xl font-bold">{t("secretTitle")}</h2>
        <p className="text-slate-600">{t("secretIntro", { path: connection.notifyPath })}</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-slate-500">{t("currentSecret")}</dt>
          <dd className="font-mono" data-testid="secret-hint">
            {connection.secretHint}
          </dd>
          {connection.previousSecretHint && (
            <>
              <dt className="text-slate-500">{t("retiringSecret")}</dt>
              <dd className="font-mono">{connection.previousSecretHint}</dd>
            </>
          )}
        </dl>
        {connection.rotatingSince ? (
          <div className="flex flex-col gap-3">
            <p role="status" className="rounded-lg bg-sky-50 p-3 text-sky-900" data-testid="rotation-status">
              {t("rotating", { since: time.dateTime(connection.rotatingSince) })}
            </p>
            {confirmFinish ? (
              <div className="flex flex-col gap-2 sm:flex-row">
                <Button variant="danger" onClick={() => void onFinish()} disabled={disabled} data-testid="confirm-finish">
                  {t("finishConfirm")}
                </Button>
                <Button variant="outline" onClick={() => setConfirmFinish(false)}>
                  {t("notYet")}
                </Button>
              </div>
            ) : (
              <Button className="self-start" onClick={() => setConfirmFinish(true)} disabled={disabled} data-testid="finish-rotation">
                {t("finish")}
              </Button>
            )}
            <p className="text-sm text-slate-500">{t("finishHint")}</p>
          </div>
        ) : (
          <form onSubmit={(e) => void onStart(e)} className="flex flex-col gap-3">
            <ol className="list-decimal pl-6 text-slate-600">
              <li>{t("step1")}</li>
              <li>{t("step2")}</li>
              <li>{t("step3")}</li>
            </ol>
            <label className="flex flex-col gap-1">
              <span className="font-medium">{t("newSecret")}</span>
              <Input name="newSecret" type="password" required placeholder="whsec_…" disabled={disabled} autoComplete="new-password" data-testid="new-secret" />
            </label>
            <Button type="submit" className="self-start" disabled={disabled} data-testid="start-rotation">
              {t("start")}
            </Button>
          </form>
        )}
      </section>
    </div>
  );
}
