import { Readable } from "node:stream";
import { inflateRawSync } from "node:zlib";
import iconv from "iconv-lite";
import { ProviderError } from "@/lib/providers/types";

/** A day's bill zip is small next to this; more is not a bill. */
const MAX_BILL_BYTES = 50 * 1024 * 1024;
/** Chunks handed on, so that the importer streams as it does for an upload. */
const CHUNK = 64 * 1024;

/**
 * Downloads a bill (the URL lives 30 seconds) and hands over the bytes of its
 * business-detail CSV (…_业务明细.csv, not …_业务明细(汇总).csv), still GBK.
 * Alipay sends a zip; a bare CSV is handed over as it is.
 */
export async function downloadBusinessDetailBill(url: string, timeoutMs: number): Promise<AsyncIterable<Uint8Array>> {
  let bytes: Buffer;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs * 15) });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > MAX_BILL_BYTES) throw new Error("too large");
    bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_BILL_BYTES) throw new Error("too large");
  } catch (error) {
    throw new ProviderError("unavailable", `Alipay's bill did not download (${error instanceof Error ? error.message : "failed"})`);
  }
  const csv = bytes.readUInt32LE(0) === 0x04034b50 ? businessDetailEntry(bytes) : bytes;
  const pieces = function* () {
    for (let i = 0; i < csv.length; i += CHUNK) yield csv.subarray(i, i + CHUNK);
  };
  return Readable.from(pieces(), { objectMode: true }) as AsyncIterable<Uint8Array>;
}

/** The zip entry whose name ends 业务明细.csv, inflated. Names are GBK unless the entry says UTF-8 (flag bit 11). */
export function businessDetailEntry(zip: Buffer): Buffer {
  const broken = (what: string) => new ProviderError("unavailable", `Alipay's bill is not a readable zip: ${what}`);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) throw broken("no end of central directory");
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n += 1) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw broken("a damaged central directory");
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const rawName = zip.subarray(at + 46, at + 46 + nameLength);
    const name = flags & 0x800 ? rawName.toString("utf8") : iconv.decode(rawName, "gbk");
    at += 46 + nameLength + extraLength + commentLength;
    if (!name.endsWith("业务明细.csv")) continue;
    if (localAt + 30 > zip.length || zip.readUInt32LE(localAt) !== 0x04034b50) throw broken("a damaged entry");
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const data = zip.subarray(dataAt, dataAt + compressedSize);
    if (method === 0) return data;
    if (method !== 8) throw broken(`compression method ${method}`);
    try {
      return inflateRawSync(data, { maxOutputLength: MAX_BILL_BYTES * 4 });
    } catch {
      throw broken("an entry does not inflate");
    }
  }
  throw broken("no …业务明细.csv entry");
}
