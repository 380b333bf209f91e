"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { saveCredentialsAction, setDefaultConnectionAction } from "@/app/(owner)/admin/provider/actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { FieldError } from "@/lib/errors";
import type { CredentialForm, ProviderConnectionListItem } from "@/lib/providers/list-provider-connections";
import { useAdminAction } from "./use-admin-action";

const SECRET_FIELDS = new Set(["merchantPrivateKeyPem", "apiV3Key", "appPrivateKeyPem"]);

/** Field errors by field name: the server names them `credentials.<field>` at the edge and `<field>` after merging. */
function errorsByField(errors: FieldError[] | undefined): Record<string, string> {
  return Object.fromEntries((errors ?? []).map((e) => [e.path.replace(/^credentials\./, ""), e.message]));
}

/**
 * The store's connections (which one charges by default) and the forms that
 * add or edit its WeChat Pay and Alipay connections. Write-only: a stored
 * value comes back only as "set" with a hint (a key's fingerprint, an id's
 * last characters), and a field left empty keeps what is stored.
 */
export function ProviderCredentialsScreen({ connections, forms, secretsKeySet }: { connections: ProviderConnectionListItem[]; forms: CredentialForm[]; secretsKeySet: boolean }) {
  const t = useTranslations("providerCredentials");
  const toast = useToast();
  const { run, pending } = useAdminAction();

  const onDefault = async (connectionId: string) => {
    if ((await run(() => setDefaultConnectionAction({ connectionId }))) !== null) toast("good", t("defaultSaved"));
  };

  return (
    <div className="flex flex-col gap-6" aria-busy={pending}>
      <section className="flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm" data-testid="connections">
        <h2 className="text-xl font-bold">{t("connectionsTitle")}</h2>
        <p className="text-slate-600">{t("connectionsIntro")}</p>
        {!secretsKeySet && (
          <p role="alert" className="rounded-lg bg-amber-50 p-3 text-amber-900">
            {t("noSecretsKey")}
          </p>
        )}
        <ul className="flex flex-col divide-y divide-slate-100">
          {connections.map((c) => (
            <li key={c.connectionId} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={`connection-${c.kind}`}>
              <span className="flex flex-col">
                <span className="font-medium">{c.name}</span>
                <span className="text-sm text-slate-500">
                  {t(`kind.${c.kind === "wechat" || c.kind === "alipay" ? c.kind : "sandbox"}`)} · <span className="font-mono">{c.baseUrl}</span>
                </span>
                {!c.credentialsReadable && <span className="text-sm text-red-700">{t("unreadable")}</span>}
              </span>
              {c.isDefault ? (
                <span className="rounded-full bg-emerald-50 px-3 py-1 text-sm font-medium text-emerald-800" data-testid="default-badge">
                  {t("isDefault")}
                </span>
              ) : (
                <Button variant="outline" size="sm" disabled={pending || !c.credentialsReadable} onClick={() => void onDefault(c.connectionId)}>
                  {t("makeDefault")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      </section>
      {forms.map((form) => (
        <CredentialFormSection key={form.kind} form={form} disabled={pending || !secretsKeySet} run={run} />
      ))}
    </div>
  );
}

function CredentialFormSection({ form, disabled, run }: { form: CredentialForm; disabled: boolean; run: ReturnType<typeof useAdminAction>["run"] }) {
  const t = useTranslations("providerCredentials");
  const toast = useToast();
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const data = new FormData(formElement);
    const credentials: Record<string, string> = {};
    for (const field of form.fields) {
      const value = data.get(field.name);
      // A PEM keeps its line breaks; every other value is one line.
      const text = typeof value === "string" ? (field.multiline ? value.trim() + "\n" : value.trim()) : "";
      if (text.trim() !== "") credentials[field.name] = text;
    }
    const baseUrl = data.get("baseUrl");
    const input = { kind: form.kind, baseUrl: typeof baseUrl === "string" ? baseUrl.trim() : "", credentials };
    const saved = await run(async () => {
      const result = await saveCredentialsAction(input);
      setErrors(result.ok ? {} : errorsByField(result.errors));
      return result;
    });
    if (saved !== null) {
      formElement.reset();
      toast("good", t("saved", { name: t(`kind.${form.kind}`) }));
    }
  };

  const fieldId = (name: string) => `${form.kind}-${name}`;
  return (
    <section className="flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm" data-testid={`credentials-${form.kind}`}>
      <h2 className="text-xl font-bold">{t(form.exists ? "editTitle" : "addTitle", { name: t(`kind.${form.kind}`) })}</h2>
      <p className="text-slate-600">{t(form.exists ? "editIntro" : "addIntro")}</p>
      {!form.credentialsReadable && <p className="rounded-lg bg-red-50 p-3 text-red-900">{t("unreadable")}</p>}
      <form onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4" noValidate>
        <label className="flex flex-col gap-1">
          <span className="font-medium">{t(`field.${form.kind}.baseUrl`)}</span>
          <Input name="baseUrl" type="url" required defaultValue={form.baseUrl} disabled={disabled} autoComplete="off" aria-invalid={Boolean(errors.baseUrl)} />
          {errors.baseUrl && <span className="text-sm text-red-700">{t("fieldError", { message: errors.baseUrl })}</span>}
        </label>
        {form.fields.map((field) => {
          const error = errors[field.name];
          const label = t(`field.${form.kind}.${field.name}` as never);
          return (
            <div key={field.name} className="flex flex-col gap-1" data-testid={`field-${field.name}`}>
              <label htmlFor={fieldId(field.name)} className="font-medium">
                {label}
                {field.optional && <span className="font-normal text-slate-500"> · {t("optional")}</span>}
              </label>
              <span className="text-sm" data-testid="field-status">
                {field.set ? (
                  <span className="text-emerald-800">
                    {t("set")}
                    {field.hint && <span className="font-mono break-all text-slate-600"> · {field.hint}</span>}
                  </span>
                ) : (
                  <span className="text-slate-500">{t("notSet")}</span>
                )}
              </span>
              {field.multiline ? (
                <textarea
                  id={fieldId(field.name)}
                  name={field.name}
                  rows={4}
                  spellCheck={false}
                  autoComplete="off"
                  disabled={disabled}
                  aria-invalid={Boolean(error)}
                  placeholder={field.set ? t("keepPlaceholder") : "-----BEGIN …"}
                  className="w-full rounded-xl bg-white px-3 py-2 font-mono text-sm ring-1 ring-slate-300 placeholder:text-slate-400 focus:outline-none focus:ring-2 focus:ring-brand disabled:opacity-50 aria-invalid:ring-red-500"
                />
              ) : (
                <Input
                  id={fieldId(field.name)}
                  name={field.name}
                  type={SECRET_FIELDS.has(field.name) ? "password" : "text"}
                  autoComplete={SECRET_FIELDS.has(field.name) ? "new-password" : "off"}
                  disabled={disabled}
                  aria-invalid={Boolean(error)}
                  placeholder={field.set ? t("keepPlaceholder") : ""}
                />
              )}
              {error && (
                <span className="text-sm text-red-700" role="alert">
                  {t("fieldError", { message: error })}
                </span>
              )}
            </div>
          );
        })}
        <p className="text-sm text-slate-500">{t("writeOnly")}</p>
        <Button type="submit" className="self-start" disabled={disabled} data-testid={`save-${form.kind}`}>
          {t(form.exists ? "save" : "add", { name: t(`kind.${form.kind}`) })}
        </Button>
      </form>
    </section>
  );
}
