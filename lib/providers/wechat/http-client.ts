import { createHash } from "node:crypto";
import { ProviderError } from "@/lib/providers/types";
import type { WechatPayConfig, WechatPayKeys } from "./config";
import { authorizationHeader, newNonce, signedHeadersOf, wechatSignatureProblem } from "./signing";

export type WechatClient = { config: WechatPayConfig; keys: WechatPayKeys };

type Call = { method: "GET" | "POST"; path: string; body?: unknown };

const clock = (config: WechatPayConfig) => (config.now ? config.now() : new Date());

/** Error codes WeChat Pay answers when it certainly did not act and a later retry may work. */
const TRANSIENT_CODES = new Set(["FREQUENCY_LIMITED", "RATELIMIT_EXCEEDED", "SYSTEM_ERROR", "SYSTEMERROR", "BANKERROR"]);

async function send(client: WechatClient, method: "GET" | "POST", url: URL, body: string): Promise<Response> {
  const { config, keys } = client;
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": "Till",
    // Which WeChat Pay key Till expects answers signed with (public-key mode).
    "wechatpay-serial": config.wechatPayPublicKeyId,
    authorization: authorizationHeader(
      { mchid: config.mchid, merchantSerial: config.merchantSerial, merchantPrivateKey: keys.merchantPrivateKey },
      { method, pathAndQuery: url.pathname + url.search, body, timestamp: Math.floor(clock(config).getTime() / 1000), nonce: newNonce() },
    ),
  };
  if (method === "POST") headers["content-type"] = "application/json";
  try {
    return await fetch(url, { method, headers, body: method === "POST" ? body : undefined, signal: AbortSignal.timeout(config.timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
    if (timedOut && method === "POST") throw new ProviderError("unknown_outcome", `WeChat Pay did not answer ${url.pathname} in time`);
    throw new ProviderError("unavailable", `WeChat Pay is unreachable (${url.pathname})`);
  }
}

function errorOf(text: string): { code: string; message: string } {
  try {
    const parsed = JSON.parse(text) as { code?: unknown; message?: unknown };
    return { code: typeof parsed.code === "string" ? parsed.code : "unknown", message: typeof parsed.message === "string" ? parsed.message : text.slice(0, 200) };
  } catch {
    return { code: "unknown", message: text.slice(0, 200) };
  }
}

/**
 * One signed APIv3 call. A 2xx answer is believed only once its signature
 * verifies with the WeChat Pay key (a write whose answer does not verify has
 * an unknown outcome). Null for 404 so that "not found" is an answer; a 4xx is
 * `rejected` with WeChat's code; a 5xx or rate limit is `unavailable` for a
 * read and `unknown_outcome` for a write.
 */
export async function wechatCall<T = unknown>(client: WechatClient, call: Call): Promise<{ status: number; body: T } | null> {
  const url = new URL(call.path, client.config.baseUrl);
  const body = call.body === undefined ? "" : JSON.stringify(call.body);
  const response = await send(client, call.method, url, body);
  const text = await response.text().catch(() => {
    throw new ProviderError(call.method === "POST" ? "unknown_outcome" : "unavailable", `WeChat Pay's answer to ${url.pathname} broke off`);
  });
  if (response.status === 404) return null;
  if (response.status >= 200 && response.status < 300) {
    const problem = wechatSignatureProblem(signedHeadersOf(response.headers), text, {
      publicKeyId: client.config.wechatPayPublicKeyId,
      publicKey: client.keys.wechatPayPublicKey,
      now: clock(client.config),
    });
    if (problem) throw new ProviderError(call.method === "POST" ? "unknown_outcome" : "unavailable", `WeChat Pay's answer to ${url.pathname} is not authentic: ${problem}`);
    if (text === "") return { status: response.status, body: null as T };
    try {
      return { status: response.status, body: JSON.parse(text) as T };
    } catch {
      throw new ProviderError(call.method === "POST" ? "unknown_outcome" : "unavailable", `WeChat Pay's answer to ${url.pathname} is not JSON`);
    }
  }
  const error = errorOf(text);
  if (response.status >= 500 || response.status === 429 || TRANSIENT_CODES.has(error.code)) {
    throw new ProviderError(call.method === "POST" && response.status >= 500 ? "unknown_outcome" : "unavailable", `WeChat Pay answered ${response.status} ${error.code}`);
  }
  throw new ProviderError("rejected", `${error.code}: ${error.message}`, { status: response.status, code: error.code });
}

/** A downloaded file may be large: its body gets this many provider time-outs to arrive. */
const DOWNLOAD_TIMEOUTS = 15;

/**
 * Downloads a bill from the `download_url` WeChat Pay handed out (a signed GET
 * of its path and token), streamed, checking the SHA-1 it announced once the
 * last byte has passed: a file that does not match fails at its end, so that
 * an import reading it keeps nothing.
 */
export async function wechatDownload(client: WechatClient, downloadUrl: string, expectedSha1: string): Promise<AsyncIterable<Uint8Array>> {
  const url = new URL(downloadUrl);
  const response = await send({ ...client, config: { ...client.config, timeoutMs: client.config.timeoutMs * DOWNLOAD_TIMEOUTS } }, "GET", url, "");
  if (response.status !== 200 || !response.body) {
    const error = errorOf(await response.text().catch(() => ""));
    throw new ProviderError(response.status >= 500 ? "unavailable" : "rejected", `WeChat Pay's bill download answered ${response.status} ${error.code}`, { status: response.status, code: error.code });
  }
  const reader = response.body.getReader();
  return (async function* () {
    const hash = createHash("sha1");
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch {
          throw new ProviderError("unavailable", "WeChat Pay's bill download broke off");
        }
        if (chunk.done) break;
        hash.update(chunk.value);
        yield chunk.value;
      }
    } finally {
      reader.releaseLock();
    }
    if (hash.digest("hex") !== expectedSha1.toLowerCase()) throw new ProviderError("unavailable", "the bill WeChat Pay sent does not match the SHA-1 it announced");
  })();
}
