"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { chooseStoreAction } from "@/app/(owner)/chain/actions";
import { useToast } from "@/components/ui/toast";

/** A chain owner's store switcher: the pages act in the chosen store from the next render on. Beside it, the chain page. */
export function StoreSwitcher({ stores, current }: { stores: { id: string; name: string }[]; current: string }) {
  const t = useTranslations("chainStores");
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  return (
    <div className="flex items-center gap-2 border-b px-4 py-1 text-sm" data-testid="store-switcher">
      <label htmlFor="store-switcher">{t("actingIn")}</label>
      <select
        id="store-switcher"
        className="rounded border px-2 py-1"
        value={current}
        disabled={pending}
        onChange={(e) => {
          const storeId = e.target.value;
          start(async () => {
            const result = await chooseStoreAction({ storeId });
            if (result.ok) router.refresh();
            else toast("bad", `${t("switchFailed")}: ${result.message}`);
          });
        }}
      >
        {stores.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <Link href="/chain" className="ml-auto rounded px-2 py-1 font-medium underline-offset-2 hover:underline" data-testid="all-stores">
        {t("allStores")}
      </Link>
    </div>
  );
}
