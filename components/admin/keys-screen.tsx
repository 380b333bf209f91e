"use client";

import { KeyRound, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { addTerminalAction, createApiKeyAction, revokeApiKeyAction } from "@/app/(owner)/admin/keys/actions";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { ApiKeyView, TerminalView } from "@/lib/auth/list-api-keys";
import { useAdminAction } from "./use-admin-action";

/** A text field of a form ("" when missing). */
function textOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

/** Terminals with their reference codes, and the API keys of the store: created (shown once), listed by prefix, revoked at once. */
export function KeysScreen({ terminals, keys }: { terminals: TerminalView[]; keys: ApiKeyView[] }) {
  const t = useTranslations("adminKeys");
  const tc = useTranslations("common");
  const time = useStoreTime();
  const toast = useToast();
  const { run, pending } = useAdminAction();
  const [creating, setCreating] = useState(false);
  const [role, setRole] = useState<"cashier" | "owner">("cashier");
  const [terminalId, setTerminalId] = useState(terminals[0]?.id ?? "");
  const [shown, setShown] = useState<{ key: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);

  const onCreate = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = textOf(new FormData(event.currentTarget), "name");
    const created = await run(() => createApiKeyAction({ name, role, terminalId }));
    if (created) {
      setCreating(false);
      setShown({ key: created.key, name });
    }
  };
  const onAddTerminal = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const added = await run(() => addTerminalAction({ code: textOf(data, "code"), name: textOf(data, "name") }));
    if (added) {
      form.reset();
      toast("good", t("terminalAdded"));
    }
  };
  const onRevoke = async (key: ApiKeyView) => {
    const done = await run(() => revokeApiKeyAction({ keyId: key.id }));
    setRevoking(null);
    if (done) toast("good", t("revoked", { name: key.name }));
  };

  return (
    <div className="flex flex-col gap-6" aria-busy={pending}>
      <section className="flex flex-col gap-3" aria-labelledby="terminals-title">
        <h1 id="terminals-title" className="text-2xl font-bold">
          {t("terminalsTitle")}
        </h1>
        <p className="text-slate-600">{t("terminalsIntro")}</p>
        <Table data-testid="terminals">
          <TableHeader>
            <TableRow>
              <TableHead>{t("code")}</TableHead>
              <TableHead>{t("terminalName")}</TableHead>
              <TableHead className="text-right">{t("liveKeys")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {terminals.map((terminal) => (
              <TableRow key={terminal.id}>
                <TableCell className="font-mono font-semibold">{terminal.code}</TableCell>
                <TableCell>{terminal.name}</TableCell>
                <TableCell className="text-right tabular-nums">{terminal.keys}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <form onSubmit={(e) => void onAddTerminal(e)} className="grid grid-cols-1 gap-2 sm:grid-cols-[8rem_1fr_auto]">
          <Input name="code" required maxLength={6} placeholder={t("codePlaceholder")} aria-label={t("code")} className="uppercase" autoComplete="off" />
          <Input name="name" required maxLength={60} placeholder={t("terminalNamePlaceholder")} aria-label={t("terminalName")} autoComplete="off" />
          <Button type="submit" variant="outline" disabled={pending}>
            <Plus aria-hidden className="size-5" />
            {t("addTerminal")}
          </Button>
        </form>
      </section>

      <section className="flex flex-col gap-3" aria-labelledby="keys-title">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="keys-title" className="text-2xl font-bold">
            {t("keysTitle")}
          </h2>
          <Button onClick={() => setCreating(true)} disabled={terminals.length === 0} data-testid="new-key">
            <KeyRound aria-hidden className="size-5" />
            {t("newKey")}
          </Button>
        </div>
        <p className="text-slate-600">{t("keysIntro")}</p>
        <Table data-testid="api-keys">
          <TableHeader>
            <TableRow>
              <TableHead>{t("keyName")}</TableHead>
              <TableHead>{t("role")}</TableHead>
              <TableHead>{t("terminal")}</TableHead>
              <TableHead>{t("prefix")}</TableHead>
              <TableHead>{t("lastUsed")}</TableHead>
              {/* relative: the visually hidden label stays inside the scrolling table instead of widening the page. */}
              <TableHead className="relative">
                <span className="sr-only">{t("actions")}</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.map((key) => (
              <TableRow key={key.id} data-testid="api-key-row" className={key.revokedAt ? "text-slate-400" : undefined}>
                <TableCell className="max-w-48 truncate font-medium">{key.name}</TableCell>
                <TableCell>{key.role === "owner" ? t("roleOwner") : t("roleCashier")}</TableCell>
                <TableCell className="font-mono">{key.terminalCode}</TableCell>
                <TableCell className="whitespace-nowrap font-mono">{key.prefix}…</TableCell>
                <TableCell className="whitespace-nowrap tabular-nums">{key.lastUsedAt ? time.dateTime(key.lastUsedAt) : t("never")}</TableCell>
                <TableCell className="text-right">
                  {key.revokedAt ? (
                    <span className="whitespace-nowrap">{t("revokedAt", { at: time.dateTime(key.revokedAt) })}</span>
                  ) : (
                    <Button variant="danger" size="sm" className="min-w-12" onClick={() => setRevoking(key)} aria-label={t("revokeNamed", { name: key.name })}>
                      {t("revoke")}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>

      <Dialog open={creating} onOpenChange={setCreating}>
        <DialogContent title={t("newKey")} description={t("newKeyIntro")} closeLabel={tc("close")}>
          <form onSubmit={(e) => void onCreate(e)} className="flex flex-col gap-3">
            <label className="flex flex-col gap-1">
              <span className="font-medium">{t("keyName")}</span>
              <Input name="name" required maxLength={60} placeholder={t("keyNamePlaceholder")} autoComplete="off" />
            </label>
            <div className="flex flex-col gap-1">
              <span className="font-medium" id="key-role">
                {t("role")}
              </span>
              <Select aria-label={t("role")} value={role} onValueChange={(v) => setRole(v === "owner" ? "owner" : "cashier")} options={[{ value: "cashier", label: t("roleCashier") }, { value: "owner", label: t("roleOwner") }]} />
            </div>
            <div className="flex flex-col gap-1">
              <span className="font-medium">{t("terminal")}</span>
              <Select aria-label={t("terminal")} value={terminalId} onValueChange={setTerminalId} options={terminals.map((x) => ({ value: x.id, label: `${x.code} · ${x.name}` }))} />
            </div>
            <Button type="submit" disabled={pending}>
              {t("create")}
            </Button>
          </form>
        </DialogContent>
      </Dialog>

      <Dialog open={shown !== null} onOpenChange={(open) => !open && setShown(null)}>
        <DialogContent title={t("shownTitle", { name: shown?.name ?? "" })} description={t("shownOnce")} closeLabel={tc("close")}>
          <div className="flex flex-col gap-3">
            <code className="block select-all break-all rounded-xl bg-slate-100 p-3 font-mono text-lg" data-testid="new-key-value">
              {shown?.key}
            </code>
            <Button
              variant="outline"
              onClick={() => {
                if (shown) void navigator.clipboard?.writeText(shown.key).then(() => toast("good", t("copied")));
              }}
            >
              {t("copy")}
            </Button>
            <Button onClick={() => setShown(null)}>{t("done")}</Button>
          </div>
        </DialogContent>
      </Dialog>

      <Dialog open={revoking !== null} onOpenChange={(open) => !open && setRevoking(null)}>
        <DialogContent title={t("revokeTitle", { name: revoking?.name ?? "" })} description={t("revokeWarning")} closeLabel={tc("close")}>
          <div className="flex flex-col gap-3 sm:flex-row sm:justify-end">
            <Button variant="outline" onClick={() => setRevoking(null)}>
              {t("keep")}
            </Button>
            <Button variant="danger" disabled={pending} onClick={() => revoking && void onRevoke(revoking)} data-testid="confirm-revoke">
              {t("revoke")}
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}
