import type { IncomingMessage } from "node:http";
import { ApiError } from "./errors";

export const BODY_LIMIT = 64 * 1024;
// Past the limit we keep reading (and discarding) so that the client gets its
// 413 instead of a reset socket; a body beyond this is simply cut off.
const DRAIN_LIMIT = 16 * 1024 * 1024;

const tooLarge = () =>
  new ApiError(413, "payload_too_large", `request body is larger than ${BODY_LIMIT} bytes`);

/** The body as text, refusing more than 64 KiB and bytes that are not UTF-8. */
export function readBodyText(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = declared > BODY_LIMIT;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) overflow = true;
      if (overflow) {
        chunks.length = 0;
        if (size > DRAIN_LIMIT) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (overflow) return reject(tooLarge());
      try {
        resolve(new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        reject(new ApiError(400, "invalid_request", "request body is not valid UTF-8"));
      }
    });
    req.on("error", reject);
    req.on("close", () => reject(new ApiError(400, "invalid_request", "request body was cut off")));
  });
}

/** A body's text as JSON; an empty body reads as `{}` (every POST without fields is then valid). */
export function jsonOf(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "invalid_request", "request body is not valid JSON");
  }
}
