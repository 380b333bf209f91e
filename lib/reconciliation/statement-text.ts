import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";

/** Statement uploads are capped (pos-api.md: 50 MiB statements). */
export const STATEMENT_BODY_LIMIT = 50 * 1024 * 1024;

export type StatementText = {
  /** The file's first line (without its line ending), read ahead to pick the importer. */
  firstLine: string;
  /** The whole text, the first line included, in chunks as they arrive. */
  text: AsyncIterable<string>;
  /** The SHA-256 of every byte read, once the text has been read to its end. */
  sha256: () => string;
};

/**
 * Turns a byte stream into UTF-8 text chunks without holding it whole: counts
 * the bytes against `limit` (413 past it), hashes them as they pass, strips a
 * byte-order mark, and reads ahead only as far as the first line.
 */
export async function statementText(bytes: AsyncIterable<Uint8Array>, limit = STATEMENT_BODY_LIMIT): Promise<StatementText> {
  const hash = createHash("sha256");
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let size = 0;
  const iterator = bytes[Symbol.asyncIterator]();
  const decode = (chunk: Uint8Array | undefined): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new AppError("invalid_request", "The statement is not UTF-8 text", { status: 400 });
    }
  };
  const nextText = async (): Promise<string | null> => {
    const r = await iterator.next();
    if (r.done) return null;
    size += r.value.byteLength;
    if (size > limit) {
      await iterator.return?.();
      throw new AppError("payload_too_large", `The statement is larger than ${limit} bytes`);
    }
    hash.update(r.value);
    return decode(r.value);
  };

  let head = "";
  let ended = false;
  while (!head.includes("\n") && head.length < 4096) {
    const t = await nextText();
    if (t === null) {
      head += decode(undefined);
      ended = true;
      break;
    }
    head += t;
  }
  if (head.trim() === "") throw new AppError("invalid_request", "The statement is empty", { status: 400 });
  const firstLine = head.split("\n", 1)[0]!.replace(/\r$/, "");

  async function* text(): AsyncGenerator<string> {
    yield head;
    if (ended) return;
    for (;;) {
      const t = await nextText();
      if (t === null) break;
      if (t) yield t;
    }
    const tail = decode(undefined);
    if (tail) yield tail;
  }
  return { firstLine, text: text(), sha256: () => hash.digest("hex") };
}

/** A web ReadableStream (a request's or a fetch answer's body) as an async iterable of chunks. */
export async function* streamChunks(stream: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * A request's body as chunks, refused with 413 at once when it declares more
 * than the cap (statementText counts what actually arrives as well).
 */
export function requestBodyChunks(request: Request, limit = STATEMENT_BODY_LIMIT): AsyncIterable<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("payload_too_large", `The statement is larger than ${limit} bytes`);
  return streamChunks(request.body);
}
