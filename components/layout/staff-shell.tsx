import { hasRole } from "@/lib/context";
import { Suspense, type ReactNode } from "react";
import { I18nProvider } from "@/components/i18n/i18n-provider";
import { ToastProvider } from "@/components/ui/toast";
import { messagesFor } from "@/lib/i18n/messages";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { currentLocale, requireStaff } from "@/app/_server/session";
import { DeniedNotice } from "./denied-notice";
import { TerminalHeader } from "./terminal-header";

/** The signed-in frame of every staff page; the role is checked here, on the server. */
export async function StaffShell({ role, children }: { role: "cashier" | "owner"; children: ReactNode }) {
  const staff = await requireStaff(role);
  const [locale, store] = await Promise.all([currentLocale(), getStore(await serverCtx(), staff.actor.storeId)]);
  return (
    <I18nProvider locale={locale} currency={store.currency} timeZone={store.timeZone} messages={messagesFor(locale)}>
      <ToastProvider>
        <div className="flex min-h-full flex-col">
          <TerminalHeader storeName={store.name} staffName={staff.name} isOwner={hasRole(staff.actor.role, "owner")} />
          <Suspense>
            <DeniedNotice />
          </Suspense>
          <div className="min-w-0 flex-1">{children}</div>
        </div>
      </ToastProvider>
    </I18nProvider>
  );
}
