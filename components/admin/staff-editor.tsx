"use client";

import { KeyRound, Lock, Pencil, Plus, UserX, UserCheck, LogOut } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { addStaffAction, resetPinAction, revokeSessionAction, unlockStaffAction, updateStaffAction } from "@/app/(owner)/admin/staff/actions";
import { useErrorText } from "@/components/i18n/error-text";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import type { listStaff } from "@/lib/staff/list-staff";
import type { ActionResult } from "@/app/_server/with-staff";
import { Field } from "./field";
import { formText } from "./form-text";

type Member = Awaited<ReturnType<typeof listStaff>>[number];
type Editing = { kind: "add" } | { kind: "rename"; member: Member } | { kind: "pin"; member: Member } | null;

/**
 * The owner's staff: add, rename, change role, reset PIN, (de)activate, unlock, and end a device's session.
 * A chain owner is shown with its role and is changed by a chain owner only (`mayManageChainOwner`).
 */
export function StaffEditor({ staff, me, currentSession, mayManageChainOwner }: { staff: Member[]; me: string; currentSession: string; mayManageChainOwner: boolean }) {
  const t = useTranslations("adminStaff");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const toast = useToast();
  const router = useRouter();
  const when = useStoreTime();
  const [editing, setEditing] = useState<Editing>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [role, setRole] = useState<"cashier" | "owner">("cashier");
  const [pending, start] = useTransition();

  /** Runs an action; says what happened in words the owner reads. */
  const run = (action: () => Promise<ActionResult<unknown>>, done: string) =>
    start(async () => {
      const result = await action();
      if (result.ok) {
        setEditing(null);
        setErrors({});
        toast("good", done);
        router.refresh();
        return;
      }
      if (result.extra?.reason === "last_owner") return toast("bad", t("lastOwner"));
      if (result.code === "conflict" && result.errors?.[0]?.path === "pin") return setErrors({ pin: t("pinTaken") });
      if (result.errors?.length) return setErrors(Object.fromEntries(result.errors.map((e) => [e.path, e.path === "pin" ? t("pinRule") : e.path === "name" ? t("nameRule") : e.message])));
      toast("bad", errorText(result));
    });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!editing) return;
    const form = new FormData(event.currentTarget);
    const text = formText(form);
    if (editing.kind === "add") run(() => addStaffAction({ name: text("name"), role, pin: text("pin") }), t("added"));
    else if (editing.kind === "rename") run(() => updateStaffAction({ staffId: editing.member.id, name: text("name") }), t("saved"));
    else run(() => resetPinAction({ staffId: editing.member.id, pin: text("pin") }), t("pinChanged"));
  };

  const roleOptions = [
    { value: "cashier", label: t("cashier") },
    { value: "owner", label: t("owner") },
  ];

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <Button
          onClick={() => {
            setErrors({});
            setRole("cashier");
            setEditing({ kind: "add" });
          }}
          data-testid="add-staff"
        >
          <Plus aria-hidden className="size-5" />
          {t("add")}
        </Button>
      </div>
      <ul className="flex flex-col gap-3">
        {staff.map((member) => {
          const chainOwner = member.role === "chain_owner";
          const manageable = !chainOwner || mayManageChainOwner;
          return (
            <li key={member.id} className={cn("flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm", !member.active && "opacity-70")} data-testid="staff-member" data-name={member.name}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-lg font-semibold [overflow-wrap:anywhere]">{member.name}</span>
                {member.id === me && <span className="rounded-md bg-slate-100 px-2 py-0.5 text-sm">{t("you")}</span>}
                {!member.active && <span className="rounded-md bg-slate-200 px-2 py-0.5 text-sm">{t("inactive")}</span>}
                {member.locked && (
                  <span className="flex items-center gap-1 rounded-md bg-red-100 px-2 py-0.5 text-sm text-red-800">
                    <Lock aria-hidden className="size-4" />
                    {t("locked")}
                  </span>
                )}
                {chainOwner ? (
                  <span className="ml-auto rounded-md bg-indigo-100 px-2 py-0.5 text-sm text-indigo-900" data-testid="chain-owner-badge">
                    {t("chainOwner")}
                  </span>
                ) : (
                  <div className="ml-auto w-40">
                    <Select
                      aria-label={t("role")}
                      value={member.role}
                      onValueChange={(value) => run(() => updateStaffAction({ staffId: member.id, role: value === "owner" ? "owner" : "cashier" }), t("saved"))}
                      options={roleOptions}
                    />
                  </div>
                )}
              </div>
              {!manageable && <p className="text-sm text-slate-600">{t("managedByChain")}</p>}
              {manageable && (
                <div className="flex flex-wrap gap-2">
                  <Button variant="outline" size="sm" onClick={() => setEditing({ kind: "rename", member })}>
                    <Pencil aria-hidden className="size-4" />
                    {t("rename")}
                  </Button>
                  <Button variant="outline" size="sm" onClick={() => setEditing({ kind: "pin", member })} data-testid="reset-pin">
                    <KeyRound aria-hidden className="size-4" />
                    {t("resetPin")}
                  </Button>
                  {member.locked && (
                    <Button variant="outline" size="sm" disabled={pending} onClick={() => run(() => unlockStaffAction({ staffId: member.id }), t("unlocked"))}>
                      {t("unlock")}
                    </Button>
                  )}
                  <Button
                    variant={member.active ? "danger" : "outline"}
                    size="sm"
                    disabled={pending}
                    onClick={() => run(() => updateStaffAction({ staffId: member.id, active: !member.active }), member.active ? t("deactivated") : t("reactivated"))}
                    data-testid="toggle-active"
                  >
                    {member.active ? <UserX aria-hidden className="size-4" /> : <UserCheck aria-hidden className="size-4" />}
                    {member.active ? t("deactivate") : t("reactivate")}
                  </Button>
                </div>
              )}
              {manageable && member.sessions.length > 0 && (
                <div>
                  <p className="text-sm font-medium text-slate-500">{t("sessions")}</p>
                  <ul className="flex flex-col gap-1">
                    {member.sessions.map((session) => (
                      <li key={session.id} className="flex flex-wrap items-center gap-2 text-sm">
                        <span>{session.terminal}</span>
                        <span className="text-slate-500">{t("lastSeen", { time: when.dateTime(session.lastSeenAt) })}</span>
                        {session.id === currentSession ? (
                          <span className="text-slate-500">{t("thisDevice")}</span>
                        ) : (
                          <Button variant="ghost" size="sm" className="ml-auto" disabled={pending} onClick={() => run(() => revokeSessionAction({ sessionId: session.id }), t("signedOut"))} data-testid="revoke-session">
                            <LogOut aria-hidden className="size-4" />
                            {t("signOutDevice")}
                          </Button>
                        )}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <Dialog open={editing !== null} onOpenChange={(isOpen) => !isOpen && setEditing(null)}>
        {editing && (
          <DialogContent title={editing.kind === "add" ? t("add") : editing.kind === "rename" ? t("rename") : t("resetPinFor", { name: editing.member.name })} closeLabel={tc("close")}>
            <form onSubmit={submit} className="flex flex-col gap-3" noValidate data-testid="staff-form">
              {editing.kind !== "pin" && (
                <Field id="name" label={t("name")} error={errors.name}>
                  <Input id="name" name="name" defaultValue={editing.kind === "rename" ? editing.member.name : ""} maxLength={40} />
                </Field>
              )}
              {editing.kind === "add" && (
                <Field id="role" label={t("role")}>
                  <Select id="role" value={role} onValueChange={(value) => setRole(value === "owner" ? "owner" : "cashier")} options={roleOptions} />
                </Field>
              )}
              {editing.kind !== "rename" && (
                <Field id="pin" label={t("pin")} hint={t("pinRule")} error={errors.pin}>
                  <Input id="pin" name="pin" type="password" inputMode="numeric" autoComplete="new-password" maxLength={8} />
                </Field>
              )}
              <Button type="submit" size="counter" disabled={pending} data-testid="save-staff">
                {t("save")}
              </Button>
            </form>
          </DialogContent>
        )}
      </Dialog>
    </div>
  );
}
