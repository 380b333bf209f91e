import { z } from "zod";
import { recordDeniedAccess } from "@/lib/audit/record-denied-access";
import { resolveActingStore, STORE_HEADER } from "@/lib/auth/acting-store";
import { authenticateApiKey, requireRole } from "@/lib/auth/authenticate-api-key";
import { hasRole, type Actor, type Ctx, type Role } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { serverCtx } from "@/lib/server-context";
import { beginIdempotent, finishIdempotent, validateIdempotencyKey } from "./idempotency";
import { errorHeaders, PROBLEM_CONTENT_TYPE, problemFor, withInstance } from "./problem";
import { readBodyText } from "./read-body";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-id";
import { searchParamsObject } from "./search-params";
import { zodErrors } from "./zod-errors";

type RouteContext = { params: Promise<Record<string, string>> };

export type ApiResult = { status: number; body: unknown } | Response;

type Options<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  role: Role;
  body?: B;
  /** Strict, like bodies; a route without one takes no query parameters at all. */
  query?: Q;
  /** "required" for refunds; "optional" for other writes. */
  idempotency?: "optional" | "required";
  /**
   * What of the body makes two calls with one Idempotency-Key the same request
   * (default: all of it). A secret such as a PIN is left out: its hash would be
   * stored with the key, and a short PIN's hash can be brute-forced.
   */
  fingerprint?: (body: B extends z.ZodType ? z.infer<B> : undefined) => unknown;
};

type Args<B, Q> = {
  ctx: Ctx;
  actor: Actor;
  body: B extends z.ZodType ? z.infer<B> : undefined;
  query: Q extends z.ZodType ? z.infer<Q> : undefined;
  params: Record<string, string>;
  request: Request;
};

/** A query schema for routes that take no query parameters: any one given is unknown (422). */
const NO_QUERY = z.strictObject({});

/**
 * The one way an API v1 route runs: authenticate the key, check the role,
 * resolve the store it acts in (`Till-Store`, chain_owner only), read
 * and validate the body and query with zod (400 unparseable, 422 schema; a
 * query parameter given twice is a 422 too), honour Idempotency-Key, call lib,
 * and map every error to problem+json. Every answer carries the request id in
 * `x-request-id`, and every problem has it as `instance`.
 */
export function apiRoute<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  options: Options<B, Q>,
  handler: (args: Args<B, Q>) => Promise<ApiResult>,
) {
  return async (request: Request, route: RouteContext): Promise<Response> => {
    const requestId = requestIdOf(request.headers);
    let ctx: Ctx | undefined;
    let recordId: string | undefined;
    try {
      ctx = await serverCtx();
      const keyActor = await authenticateApiKey(ctx, request.headers.get("authorization"));
      if (!hasRole(keyActor.role, options.role)) {
        await recordDeniedAccess(ctx, { actor: keyActor, what: `${request.method} ${new URL(request.url).pathname}` });
      }
      requireRole(keyActor, options.role);
      // The store the call acts in: a chain_owner may name any store of the chain; anyone else only its own (else 404).
      const actor = await resolveActingStore(ctx, keyActor, request.headers.get(STORE_HEADER));
      const params = await route.params;
      const body = options.body ? parseWith(options.body, await readJson(request)) : undefined;
      const query = parseWith(options.query ?? NO_QUERY, searchParamsObject(new URL(request.url)));

      const rawKey = request.headers.get("idempotency-key");
      if (options.idempotency === "required" && rawKey === null) {
        throw new AppError("invalid_request", "This call requires an Idempotency-Key header", { status: 400 });
      }
      if (options.idempotency && rawKey !== null) {
        const started = await beginIdempotent(ctx, {
          scope: `api_key:${actor.id}`,
          route: `${request.method} ${new URL(request.url).pathname}`,
          key: validateIdempotencyKey(rawKey),
          request: (options.fingerprint ? options.fingerprint(body as never) : body) ?? null,
        });
        if (started.kind === "replay") {
          // The first answer again; a problem in it names this request, the one the client is asking about now.
          const text = started.status >= 400 ? withInstance(started.body, requestId) : started.body;
          return new Response(text, { status: started.status, headers: jsonHeaders(started.status, requestId, { "idempotent-replayed": "true" }) });
        }
        recordId = started.recordId;
      }
      const result = await handler({ ctx, actor, body, query: options.query ? query : undefined, params, request } as Args<B, Q>);
      if (result instanceof Response) {
        result.headers.set(REQUEST_ID_HEADER, requestId);
        return result;
      }
      return await respond(ctx, recordId, result.status, result.body, requestId);
    } catch (error) {
      const problem = problemFor(error, requestId);
      if (ctx && recordId) return respond(ctx, recordId, problem.status, problem, requestId, errorHeaders(error), problem.code);
      return new Response(JSON.stringify(problem), { status: problem.status, headers: jsonHeaders(problem.status, requestId, errorHeaders(error)) });
    }
  };
}

/** Sends an answer, first storing it for the Idempotency-Key when there is one (a replay re-stamps a problem's `instance`). */
async function respond(ctx: Ctx, recordId: string | undefined, status: number, body: unknown, requestId: string, headers: Record<string, string> = {}, code?: string): Promise<Response> {
  const text = JSON.stringify(body);
  if (recordId) await finishIdempotent(ctx, recordId, status, text, code);
  return new Response(text, { status, headers: jsonHeaders(status, requestId, headers) });
}

function jsonHeaders(status: number, requestId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, "content-type": status >= 400 ? PROBLEM_CONTENT_TYPE : "application/json", [REQUEST_ID_HEADER]: requestId };
}

async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "The body is not valid JSON", { status: 400 });
  }
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const errors = zodErrors(result.error);
    throw new AppError("invalid_request", errors.map((e) => `${e.path || "body"}: ${e.message}`).join("; "), { errors });
  }
  return result.data;
}
