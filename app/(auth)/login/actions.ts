"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { signIn } from "@/lib/auth/sign-in";
import { signOut } from "@/lib/auth/sign-out";
import { isAppError } from "@/lib/errors";
import { serverCtx } from "@/lib/server-context";
import { clientAddress, DEVICE_STORE_COOKIE, reachedOverHttps, SESSION_COOKIE } from "@/app/_server/session";
import { logger } from "@/lib/log/logger";

const signInInput = z.strictObject({ staffId: z.string().min(1).max(64), pin: z.string().regex(/^\d{4,8}$/) });

export type SignInResult = { ok: true } | { ok: false; code: string; message: string; lockedUntil?: string; triesLeft?: number };

export async function signInAction(input: { staffId: string; pin: string }): Promise<SignInResult> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) return { ok: false, code: "invalid_request", message: "A PIN is 4 to 8 digits" };
  try {
    const ctx = await serverCtx();
    const jar = await cookies();
    // Switching staff ends the previous session on this device, but only once the new PIN was accepted.
    const { token, expiresAt, storeId } = await signIn(ctx, { ...parsed.data, client: await clientAddress(), replacing: jar.get(SESSION_COOKIE)?.value });
    const secure = await reachedOverHttps();
    jar.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "strict", path: "/", expires: expiresAt, secure });
    // The device stays with this store's sign-in screen after sign-out (a year; it names a store, nothing more).
    jar.set(DEVICE_STORE_COOKIE, storeId, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 365 * 86_400, secure });
    return { ok: true };
  } catch (error) {
    if (isAppError(error)) {
      return { ok: false, code: error.code, message: error.message, lockedUntil: error.extra?.locked_until as string | undefined, triesLeft: error.extra?.tries_left as number | undefined };
    }
    logger.error({ err: error }, "sign-in failed");
    return { ok: false, code: "internal_error", message: "Something went wrong" };
  }
}

export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  await signOut(await serverCtx(), jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
}
