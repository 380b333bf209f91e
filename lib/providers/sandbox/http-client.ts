import { ProviderError } from "@/lib/providers/types";

export type SandboxConfig = { baseUrl: string; apiKey: string; timeoutMs: number };

type Call = { method: "GET" | "POST"; path: string; body?: unknown; headers?: Record<string, string> };

/**
 * One merchant-API call to Sandbox Pay. A refused connection or a 503 means the
 * provider did nothing; a time-out on a write means we cannot know, and says so.
 * Returns null for 404 so that callers can treat "not found" as an answer.
 */
export async function sandboxCall<T>(config: SandboxConfig, call: Call): Promise<{ status: number; body: T } | null> {
  let response: Response;
  try {
    response = await fetch(new URL(call.path, config.baseUrl), {
      method: call.method,
      headers: {
        authorization: `Bearer ${config.apiKey}`,
        ...(call.body === undefined ? {} : { "content-type": "application/json" }),
        ...call.headers,
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
    if (timedOut && call.method === "POST") {
      throw new ProviderError("unknown_outcome", `Sandbox Pay did not answer ${call.path} in time`);
    }
    throw new ProviderError("unavailable", `Sandbox Pay is unreachable (${call.path})`);
  }
  const text = await response.text();
  if (response.status === 404) return null;
  if (response.status === 503) throw new ProviderError("unavailable", "Sandbox Pay is unavailable");
  if (response.status >= 500) {
    if (call.method === "POST") throw new ProviderError("unknown_outcome", `Sandbox Pay answered ${response.status}`);
    throw new ProviderError("unavailable", `Sandbox Pay answered ${response.status}`);
  }
  if (response.status >= 400) {
    const error = parseError(text);
    throw new ProviderError("rejected", error.message, { status: response.status, code: error.code });
  }
  const isJson = response.headers.get("content-type")?.includes("json");
  return { status: response.status, body: (isJson ? JSON.parse(text) : text) as T };
}

function parseError(text: string): { code: string; message: string } {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return { code: parsed.error?.code ?? "unknown", message: parsed.error?.message ?? text };
  } catch {
    return { code: "unknown", message: text.slice(0, 200) };
  }
}

/** A statement may be large: its body gets this many provider time-outs to arrive. */
const STREAM_TIMEOUTS = 15;

/**
 * A GET whose answer body is handed over as it arrives, not read into memory
 * (a day's statement). Errors are mapped as for sandboxCall; null for 404.
 */
export async function sandboxStream(config: SandboxConfig, path: string): Promise<AsyncIterable<Uint8Array> | null> {
  let response: Response;
  try {
    response = await fetch(new URL(path, config.baseUrl), {
      headers: { authorization: `Bearer ${config.apiKey}` },
      signal: AbortSignal.timeout(config.timeoutMs * STREAM_TIMEOUTS),
    });
  } catch {
    throw new ProviderError("unavailable", `Sandbox Pay is unreachable (${path})`);
  }
  if (response.status === 404) return null;
  if (response.status >= 500) throw new ProviderError("unavailable", `Sandbox Pay answered ${response.status}`);
  if (response.status >= 400) {
    const error = parseError(await response.text());
    throw new ProviderError("rejected", error.message, { status: response.status, code: error.code });
  }
  const body = response.body;
  return (async function* () {
    if (!body) return;
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } catch {
      throw new ProviderError("unavailable", `Sandbox Pay's answer to ${path} broke off`);
    } finally {
      reader.releaseLock();
    }
  })();
}
