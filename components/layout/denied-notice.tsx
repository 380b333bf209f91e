"use client";

import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { useToast } from "@/components/ui/toast";

/**
 * Staff sent away from a page their role does not open are told why (the
 * server redirects with ?denied=owner or ?denied=chain_owner); the parameter
 * is then dropped so that a reload does not say it again.
 */
export function DeniedNotice() {
  const t = useTranslations("common");
  const params = useSearchParams();
  const path = usePathname();
  const router = useRouter();
  const toast = useToast();
  const asked = params.get("denied");
  const denied = asked === "owner" || asked === "chain_owner" ? asked : null;
  useEffect(() => {
    if (!denied) return;
    toast("info", t(denied === "owner" ? "ownerOnly" : "chainOwnerOnly"));
    router.replace(path);
  }, [denied, path, router, t, toast]);
  return null;
}
