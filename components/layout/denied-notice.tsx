"use client";

import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { useToast } from "@/components/ui/toast";

/**
 * A cashier sent away from an owner's page is told why (the server redirects
 * with ?denied=owner); the parameter is then dropped so that a reload does not say it again.
 */
export function DeniedNotice() {
  const t = useTranslations("common");
  const params = useSearchParams();
  const path = usePathname();
  const router = useRouter();
  const toast = useToast();
  const denied = params.get("denied") === "owner";
  useEffect(() => {
    if (!denied) return;
    toast("info", t("ownerOnly"));
    router.replace(path);
  }, [denied, path, router, t, toast]);
  return null;
}
