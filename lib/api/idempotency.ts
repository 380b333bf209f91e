import { createHash } from "node:crypto";
import type { Ctx } from "@/lib/context";
import { AppError, isAppError, isUniqueViolation, type FieldError } from "@/lib/errors";
import { newId } from "@/lib/ids";

const KEEP_MS = 24 * 3_600_000;
/** A call still "in flight" after this long died with its process; its key may run again. */
const ABANDONED_MS = 2 * 60_000;

export type IdempotencyStart = { kind: "new"; recordId: string } | { kind: "replay"; status: number; body: string };

/**
 * Answers that depend on something outside the request's fingerprint: an
 * approver's PIN is deliberately left out of it (a stored hash of a short PIN
 * could be brute-forced), and a lockout ends with time.
 */
const ANSWERS_NOT_KEPT = new Set<string>(["approval_required", "rate_limited"]);

/**
 * Whether an answer is kept for its key and replayed to a retry. A 5xx, and an
 * answer that a retry may rightly change (a PIN added after approval_required),
 * is not: the key stays bound to its request (another body is still a 409),
 * and the same request runs again.
 */
export function keepsAnswer(status: number, code?: string): boolean {
  return status < 500 && !(code !== undefined && ANSWERS_NOT_KEPT.has(code));
}

/** JSON with object keys sorted, so that `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function validateIdempotencyKey(key: string): string {
  if (key.length === 0 || key.length > 64 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new AppError("invalid_request", "Idempotency-Key must be 1 to 64 visible ASCII characters", { status: 400 });
  }
  return key;
}

/**
 * Claims an idempotency key for (caller, route). The unique constraint decides
 * who runs: the same key and body again replays the first answer; another body,
 * or the first call still running, is a 409. `request` is the request's
 * fingerprint: what makes two calls "the same request" (secrets left out).
 */
export async function beginIdempotent(
  ctx: Ctx,
  { scope, route, key, request }: { scope: string; route: string; key: string; request: unknown },
): Promise<IdempotencyStart> {
  const requestHash = createHash("sha256").update(canonicalJson(request)).digest("hex");
  const now = ctx.now();
  await ctx.db.idempotencyRecord.deleteMany({ where: { scope, route, key, expiresAt: { lt: now } } });
  const recordId = newId("idm");
  try {
    await ctx.db.idempotencyRecord.create({
      data: { id: recordId, scope, route, key, requestHash, state: "in_flight", createdAt: now, expiresAt: new Date(now.getTime() + KEEP_MS) },
    });
    return { kind: "new", recordId };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const existing = await ctx.db.idempotencyRecord.findUnique({ where: { scope_route_key: { scope, route, key } } });
  if (!existing) return beginIdempotent(ctx, { scope, route, key, request });
  if (existing.requestHash !== requestHash) {
    throw new AppError("conflict", "This Idempotency-Key was already used with a different request");
  }
  if (existing.state === "done" && existing.responseStatus !== null) {
    return { kind: "replay", status: existing.responseStatus, body: existing.responseBody ?? "" };
  }
  // An answer that was not kept, or a call that died with its process: this call takes the key over (one caller wins).
  if (existing.state === "retry" || now.getTime() - existing.createdAt.getTime() > ABANDONED_MS) {
    const taken = await ctx.db.idempotencyRecord.updateMany({
      where: { id: existing.id, state: existing.state, createdAt: existing.createdAt },
      data: { state: "in_flight", createdAt: now },
    });
    if (taken.count === 1) return { kind: "new", recordId: existing.id };
  }
  throw new AppError("conflict", "A request with this Idempotency-Key is still being processed");
}

/**
 * Stores the answer to replay; an answer not kept (see keepsAnswer) leaves the
 * key bound to its request, free for a retry of that request to run again.
 */
export async function finishIdempotent(ctx: Ctx, recordId: string, status: number, body: string, code?: string): Promise<void> {
  if (!keepsAnswer(status, code)) {
    await ctx.db.idempotencyRecord.update({ where: { id: recordId }, data: { state: "retry", responseStatus: null, responseBody: null } });
    return;
  }
  await ctx.db.idempotencyRecord.update({ where: { id: recordId }, data: { state: "done", responseStatus: status, responseBody: body } });
}

/**
 * Runs `fn` once per idempotency key: a repeat with the same request gets the
 * first answer back (an AppError's answer included); a 5xx or an answer a
 * retry may change is not kept (keepsAnswer).
 */
export async function runIdempotent<T>(
  ctx: Ctx,
  claim: { scope: string; route: string; key: string; request: unknown },
  fn: () => Promise<T>,
): Promise<T> {
  const started = await beginIdempotent(ctx, { ...claim, key: validateIdempotencyKey(claim.key) });
  if (started.kind === "replay") {
    const stored = JSON.parse(started.body) as
      | { ok: true; value: T }
      | { ok: false; code: string; message: string; errors?: FieldError[]; extra?: Record<string, unknown> };
    if (stored.ok) return stored.value;
    throw new AppError(stored.code as never, stored.message, { status: started.status, errors: stored.errors, extra: stored.extra });
  }
  try {
    const value = await fn();
    await finishIdempotent(ctx, started.recordId, 200, JSON.stringify({ ok: true, value }));
    return value;
  } catch (error) {
    const status = isAppError(error) ? error.status : 500;
    const body = isAppError(error) ? { ok: false, code: error.code, message: error.message, errors: error.errors, extra: error.extra } : {};
    await finishIdempotent(ctx, started.recordId, status, JSON.stringify(body), isAppError(error) ? error.code : undefined);
    throw error;
  }
}
