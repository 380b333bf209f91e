import { ulid } from "ulid";
import { pooledRandom } from "@/lib/ids";

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * What a client's own request id may look like to be kept (pos-api.md): short,
 * and nothing that could split a header or a log line or inject markup.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The id of one API request: the client's `x-request-id` when it is safe to
 * echo, else a new ULID. It is sent back as the `x-request-id` header of every
 * answer and is the `instance` of every problem, so that a client's report and
 * Till's log name the same request.
 */
export function requestIdOf(headers: Headers): string {
  return requestIdFrom(headers.get(REQUEST_ID_HEADER));
}

/** The same, from the header's raw value (where there is no Headers object). */
export function requestIdFrom(given: string | null | undefined): string {
  return typeof given === "string" && SAFE_REQUEST_ID.test(given) ? given : ulid(undefined, pooledRandom);
}
