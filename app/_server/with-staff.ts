import type { z } from "zod";
import { zodErrors } from "@/lib/api/zod-errors";
import { recordDeniedAccess } from "@/lib/audit/record-denied-access";
import type { StaffSession } from "@/lib/auth/get-session";
import { hasRole, type Ctx, type Role } from "@/lib/context";
import { AppError, isAppError, type FieldError } from "@/lib/errors";
import { serverCtx } from "@/lib/server-context";
import { currentStaff, touchOwner } from "./session";
import { logger } from "@/lib/log/logger";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string; errors?: FieldError[]; extra?: Record<string, unknown> };

/**
 * The one way a server action runs: parse the input with zod, load the session,
 * check the role, call lib, and turn errors into a result the screen can show.
 * Unexpected errors are logged and shown as a generic message.
 *
 * An owner action called by a cashier answers `forbidden` (403) and is audited
 * under `name`; an owner whose owner pages have been quiet past the owner idle
 * limit gets `unauthorized` with `extra.reauth = "owner"` (enter the PIN again).
 */
export function withStaff<S extends z.ZodType, T>(
  role: Role,
  schema: S,
  fn: (input: z.infer<S>, staff: StaffSession, ctx: Ctx) => Promise<T>,
  name = "server action",
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const staff = await currentStaff();
      if (!staff) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
      if (role !== "cashier") {
        if (!hasRole(staff.actor.role, role)) {
          await recordDeniedAccess(await serverCtx(), { actor: staff.actor, what: name });
          throw new AppError("forbidden", "This needs the owner");
        }
        if (!staff.ownerFresh) throw new AppError("unauthorized", "Enter your PIN again to continue", { extra: { reauth: "owner" } });
        await touchOwner(staff);
      }
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const errors = zodErrors(parsed.error);
        throw new AppError("invalid_request", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
      }
      return { ok: true, data: await fn(parsed.data, staff, await serverCtx()) };
    } catch (error) {
      if (isAppError(error)) return { ok: false, code: error.code, message: error.message, errors: error.errors, extra: error.extra };
      logger.error({ err: error }, "server action failed");
      return { ok: false, code: "internal_error", message: "Something went wrong. Try again." };
    }
  };
}
