import { z } from "zod";
import { authenticateApiKey, requireRole } from "@/lib/auth/authenticate-api-key";
import type { Actor, Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { serverCtx } from "@/lib/server-context";
import { beginIdempotent, finishIdempotent, validateIdempotencyKey } from "./idempotency";
import { problemFor } from "./problem";
import { readBodyText } from "./read-body";
import { zodErrors } from "./zod-errors";

type RouteContext = { params: Promise<Record<string, string>> };

export type ApiResult = { status: number; body: unknown } | Response;

type Options<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  role: "cashier" | "owner";
  body?: B;
  query?: Q;
  /** "required" for refunds; "optional" for other writes. */
  idempotency?: "optional" | "required";
};

type Args<B, Q> = {
  ctx: Ctx;
  actor: Actor;
  body: B extends z.ZodType ? z.infer<B> : undefined;
  query: Q extends z.ZodType ? z.infer<Q> : undefined;
  params: Record<string, string>;
  request: Request;
};

/**
 * The one way an API v1 route runs: authenticate the key, check the role, read
 * and validate the body and query with zod (400 unparseable, 422 schema),
 * honour Idempotency-Key, call lib, and map every error to problem+json.
 */
export function apiRoute<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  options: Options<B, Q>,
  handler: (args: Args<B, Q>) => Promise<ApiResult>,
) {
  return async (request: Request, route: RouteContext): Promise<Response> => {
    let ctx: Ctx | undefined;
    let recordId: string | undefined;
    try {
      ctx = await serverCtx();
      const actor = await authenticateApiKey(ctx, request.headers.get("authorization"));
      requireRole(actor, options.role);
      const params = await route.params;
      const body = options.body ? parseWith(options.body, await readJson(request)) : undefined;
      const query = options.query ? parseWith(options.query, Object.fromEntries(new URL(request.url).searchParams)) : undefined;

      const rawKey = request.headers.get("idempotency-key");
      if (options.idempotency === "required" && rawKey === null) {
        throw new AppError("invalid_request", "This call requires an Idempotency-Key header", { status: 400 });
      }
      if (options.idempotency && rawKey !== null) {
        const started = await beginIdempotent(ctx, {
          scope: `api_key:${actor.id}`,
          route: `${request.method} ${new URL(request.url).pathname}`,
          key: validateIdempotencyKey(rawKey),
          request: body ?? null,
        });
        if (started.kind === "replay") {
          return new Response(started.body, { status: started.status, headers: jsonHeaders(started.status, { "idempotent-replayed": "true" }) });
        }
        recordId = started.recordId;
      }
      const result = await handler({ ctx, actor, body, query, params, request } as Args<B, Q>);
      if (result instanceof Response) return result;
      return await respond(ctx, recordId, result.status, result.body);
    } catch (error) {
      const problem = problemFor(error);
      if (ctx && recordId) return respond(ctx, recordId, problem.status, problem);
      return new Response(JSON.stringify(problem), { status: problem.status, headers: jsonHeaders(problem.status) });
    }
  };
}

async function respond(ctx: Ctx, recordId: string | undefined, status: number, body: unknown): Promise<Response> {
  const text = JSON.stringify(body);
  if (recordId) await finishIdempotent(ctx, recordId, status, text);
  return new Response(text, { status, headers: jsonHeaders(status) });
}

function jsonHeaders(status: number, extra: Record<string, string> = {}): Record<string, string> {
  return { "content-type": status >= 400 ? "application/problem+json" : "application/json", ...extra };
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
