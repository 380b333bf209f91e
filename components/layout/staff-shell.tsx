import { hasRole } from "@/lib/context";
import { Suspense, type ReactNode } from "react";
import { I18nProvider } from "@/components/i18n/i18n-provider";
import { ToastProvider } from "@/components/ui/toast";
import { messagesFor } from "@/lib/i18n/messages";
import { serverCtx } from "@/lib/server-context";
import { listChainStores } from "@/lib/auth/acting-store";
import { getStore } from "@/lib/stores/get-store";
import { currentLocale, requireStaff } from "@/app/_server/session";
import { DeniedNotice } from "./denied-notice";
import { StoreSwitcher } from "./store-switcher";
import { TerminalHeader } from "./terminal-header";

/** The signed-in frame of every staff page; the role is checked here, on the server. */
export async function StaffShell({ role, children }: { role: "cashier" | "owner"; children: ReactNode }) {
  const staff = await requireStaff(role);
  const ctx = await serverCtx();
  const [locale, store] = await Promise.all([currentLocale(), getStore(ctx, staff.actor.storeId)]);
  // A chain owner chooses the store its pages act in.
  const chainStores = staff.actor.role === "chain_owner" ? await listChainStores(ctx) : null;
  return (
    <I18nProvider locale={locale} currency={store.currency} timeZone={store.timeZone} messages={messagesFor(locale)}>
      <ToastProvider>
        <div className="flex min-h-full flex-col">
          <TerminalHeader storeName={store.name} staffName={staff.name} isOwner={hasRole(staff.actor.role, "owner")} />
          {chainStores && <StoreSwitcher stores={chainStores} current={staff.actor.storeId} />}
          <Suspense>
            <DeniedNotice />
          </Suspense>
          <div className="min-w-0 flex-1">{children}</div>
        </div>
      </ToastProvider>
    </I18nProvider>
  );
}
