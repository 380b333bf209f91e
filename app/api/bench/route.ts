import { AppError } from "@/lib/errors";
import { problemResponse } from "@/lib/api/problem";
import { readBodyText } from "@/lib/api/read-body";
import { REQUEST_ID_HEADER, requestIdOf } from "@/lib/api/request-id";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/**
 * The bare route the benchmarks (`npm run bench:api`, `bench:ingest`) measure
 * Till against in the same run: it reads the body (capped like every route)
 * and answers 200, with no key, no database and no work. It exists only when
 * the server runs with TILL_BENCH=1; otherwise it is a 404 like any path Till
 * does not serve, so a production Till offers nothing here.
 */
async function bare(request: Request): Promise<Response> {
  const requestId = requestIdOf(request.headers);
  if (env().TILL_BENCH !== "1") return problemResponse(new AppError("not_found", "No such path"), requestId);
  try {
    await readBodyText(request);
  } catch (error) {
    return problemResponse(error, requestId);
  }
  return new Response("{}", { status: 200, headers: { "content-type": "application/json", [REQUEST_ID_HEADER]: requestId } });
}

export const GET = bare;
export const POST = bare;
