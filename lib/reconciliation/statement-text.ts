import { createHash } from "node:crypto";
import iconv from "iconv-lite";
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

/** Text decoding for one file, chunk by chunk; `end` flushes what a last chunk left unfinished. */
type Decoder = { write: (chunk: Uint8Array) => string; end: () => string };

function utf8Decoder(): Decoder {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new AppError("invalid_request", "The statement is not UTF-8 text", { status: 400 });
    }
  };
  return { write: decode, end: () => decode() };
}

/** GB18030 (a superset of GBK), the encoding of Chinese providers' bills such as Alipay's. */
function gbDecoder(): Decoder {
  const decoder = iconv.getDecoder("gb18030");
  return { write: (chunk) => decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)), end: () => decoder.end() ?? "" };
}

/** UTF-8 when the first line is valid UTF-8; otherwise the file is read as GB18030/GBK. */
function decoderFor(firstLineBytes: Uint8Array): Decoder {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(firstLineBytes);
    return utf8Decoder();
  } catch {
    return gbDecoder();
  }
}

/**
 * Turns a byte stream into text chunks without holding it whole: counts the
 * bytes against `limit` (413 past it), hashes them as they pass, strips a
 * byte-order mark, and reads ahead only as far as the first line. The text is
 * UTF-8 unless its first line is not, when it is GBK (GB18030), as Alipay's
 * bills are.
 */
export async function statementText(bytes: AsyncIterable<Uint8Array>, limit = STATEMENT_BODY_LIMIT): Promise<StatementText> {
  const hash = createHash("sha256");
  let size = 0;
  const iterator = bytes[Symbol.asyncIterator]();
  const nextBytes = async (): Promise<Uint8Array | null> => {
    const r = await iterator.next();
    if (r.done) return null;
    size += r.value.byteLength;
    if (size > limit) {
      await iterator.return?.();
      throw new AppError("payload_too_large", `The statement is larger than ${limit} bytes`);
    }
    hash.update(r.value);
    return r.value;
  };

  const headChunks: Uint8Array[] = [];
  let headSize = 0;
  let ended = false;
  let newlineAt = -1;
  while (newlineAt < 0 && headSize < 4096) {
    const chunk = await nextBytes();
    if (chunk === null) {
      ended = true;
      break;
    }
    const at = chunk.indexOf(0x0a);
    if (at >= 0) newlineAt = headSize + at;
    headChunks.push(chunk);
    headSize += chunk.byteLength;
  }
  const headBytes = Buffer.concat(headChunks);
  const decoder = decoderFor(headBytes.subarray(0, newlineAt >= 0 ? newlineAt : Math.min(headBytes.length, 4096)));
  let head = decoder.write(headBytes);
  if (ended) head += decoder.end();
  if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
  if (head.trim() === "") throw new AppError("invalid_request", "The statement is empty", { status: 400 });
  const firstLine = head.split("\n", 1)[0]!.replace(/\r$/, "");

  async function* text(): AsyncGenerator<string> {
    yield head;
    if (ended) return;
    for (;;) {
      const chunk = await nextBytes();
      if (chunk === null) break;
      const t = decoder.write(chunk);
      if (t) yield t;
    }
    const tail = decoder.end();
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
