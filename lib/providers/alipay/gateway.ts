import { ProviderError } from "@/lib/providers/types";
import type { AlipayConfig } from "./config";
import { rsa2Sign, rsa2Verify, signContent, signedResponseText } from "./signature";
import { toChinaTime } from "./time";

/** What the gateway answered for a method: its `code` is 10000 (an error is thrown otherwise). */
export type GatewayAnswer = Record<string, unknown> & { code: string };

/** The public parameters the gateway reads from the URL; `biz_content` travels in the form body. */
const URL_PARAMS = ["app_id", "method", "format", "charset", "sign_type", "sign", "timestamp", "version", "notify_url"];

/** An Alipay error whose retry cannot help is `rejected`; these codes are the gateway's own trouble. */
const UNAVAILABLE_CODES = new Set(["20000"]);

/**
 * One OpenAPI v2 call: the common parameters, `biz_content` as JSON, signed
 * RSA2 with the app's key, posted form-encoded; the answer's signature checked
 * with Alipay's public key over the exact text of `<method>_response`.
 *
 * A write (`write: true`) that times out, or whose answer is a 5xx or cannot be
 * authenticated, has an unknown outcome; a read that fails so is `unavailable`.
 * A business refusal (code 40004 …) is `rejected` with its `sub_code`.
 */
export async function gatewayCall(
  config: AlipayConfig,
  call: { method: string; bizContent: Record<string, unknown>; notifyUrl?: string; write: boolean },
): Promise<GatewayAnswer> {
  const params: Record<string, string> = {
    app_id: config.appId,
    method: call.method,
    format: "JSON",
    charset: "utf-8",
    sign_type: "RSA2",
    timestamp: toChinaTime(config.now?.() ?? new Date()),
    version: "1.0",
    biz_content: JSON.stringify(call.bizContent),
  };
  if (call.notifyUrl) params.notify_url = call.notifyUrl;
  params.sign = rsa2Sign(signContent(params), config.appPrivateKeyPem);

  const url = new URL(config.gatewayUrl);
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (URL_PARAMS.includes(key)) url.searchParams.set(key, value);
    else body.set(key, value);
  }
  const failed = (what: string) => new ProviderError(call.write ? "unknown_outcome" : "unavailable", `Alipay ${call.method}: ${what}`);

  let response: Response;
  let raw: string;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" },
      body: body.toString(),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    raw = await response.text();
  } catch (error) {
    const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
    if (timedOut && call.write) throw failed("no answer in time");
    throw new ProviderError("unavailable", `Alipay ${call.method}: the gateway is unreachable`);
  }
  if (response.status !== 200) throw failed(`the gateway answered HTTP ${response.status}`);
  return readAnswer(config, call.method, raw, failed);
}

function readAnswer(config: AlipayConfig, method: string, raw: string, failed: (what: string) => ProviderError): GatewayAnswer {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw failed("the answer is not JSON");
  }
  const responseKey = `${method.replaceAll(".", "_")}_response`;
  const key = responseKey in json ? responseKey : "error_response" in json ? "error_response" : null;
  const node = key ? json[key] : null;
  if (!key || typeof node !== "object" || node === null) throw failed(`the answer has no ${responseKey}`);
  const answer = node as Record<string, unknown>;
  const code = typeof answer.code === "string" ? answer.code : "";
  const sign = typeof json.sign === "string" ? json.sign : null;
  // A success must be signed; an error, when signed, must be signed right.
  if (sign !== null || code === "10000") {
    const text = signedResponseText(raw, key);
    if (!sign || text === null || !rsa2Verify(text, sign, config.alipayPublicKeyPem)) throw failed("the answer's signature is not Alipay's");
  }
  if (code === "10000") return answer as GatewayAnswer;
  const subCode = typeof answer.sub_code === "string" ? answer.sub_code : code || "unknown";
  const message = [answer.msg, answer.sub_msg].filter((m) => typeof m === "string").join(": ") || "refused";
  if (UNAVAILABLE_CODES.has(code)) throw failed(`${code} ${message}`);
  throw new ProviderError("rejected", `Alipay ${method}: ${message}`, { status: code === "40004" ? 422 : 400, code: subCode });
}
