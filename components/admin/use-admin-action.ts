"use client";

import { useRouter } from "next/navigation";
import { useCallback, useTransition } from "react";
import { useErrorText } from "@/components/i18n/error-text";
import { useToast } from "@/components/ui/toast";

type Result<T> = { ok: true; data: T } | { ok: false; code: string; message: string; extra?: Record<string, unknown> };

/**
 * Runs an owner action: a refusal is shown as a toast in the screen's
 * language; an owner whose owner pages went quiet is taken to enter the PIN
 * again and brought back here. Resolves to the data, or null when refused.
 */
export function useAdminAction(): { run: <T>(call: () => Promise<Result<T>>) => Promise<T | null>; pending: boolean } {
  const router = useRouter();
  const toast = useToast();
  const errorText = useErrorText();
  const [pending, start] = useTransition();
  const run = useCallback(
    <T,>(call: () => Promise<Result<T>>) =>
      new Promise<T | null>((resolve) => {
        start(async () => {
          const result = await call();
          if (result.ok) {
            resolve(result.data);
            return;
          }
          if (result.code === "unauthorized") {
            const here = window.location.pathname + window.location.search;
            router.push(result.extra?.reauth === "owner" ? `/login?switch=1&reauth=owner&next=${encodeURIComponent(here)}` : "/login");
          } else {
            toast("bad", errorText(result));
          }
          resolve(null);
        });
      }),
    [errorText, router, toast],
  );
  return { run, pending };
}
