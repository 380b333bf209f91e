import { createSign, createVerify } from "node:crypto";

/**
 * RSA2 as the Alipay OpenAPI v2 gateway uses it: SHA256withRSA, Base64, over
 * the parameters sorted by key (ASCII), written `k=v` and joined with `&`, raw
 * (not URL-encoded), leaving out `sign` and every empty value.
 */
export function signContent(params: Record<string, string>, omit: readonly string[] = ["sign"]): string {
  return Object.keys(params)
    .filter((key) => !omit.includes(key) && params[key] !== "")
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join("&");
}

export function rsa2Sign(content: string, privateKeyPem: string): string {
  return createSign("RSA-SHA256").update(content, "utf8").sign(privateKeyPem, "base64");
}

/** False for a wrong signature and for one that is not even Base64 of the right length. */
export function rsa2Verify(content: string, signature: string, publicKeyPem: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  try {
    return createVerify("RSA-SHA256").update(content, "utf8").verify(publicKeyPem, signature, "base64");
  } catch {
    return false;
  }
}

/**
 * The exact text the gateway signed in an answer: the JSON object that is the
 * value of `"<responseKey>"`, byte for byte as received (re-serialising it would
 * change escapes and key order). Null when the answer has no such object.
 */
export function signedResponseText(raw: string, responseKey: string): string | null {
  const keyAt = raw.indexOf(`"${responseKey}"`);
  if (keyAt < 0) return null;
  let i = keyAt + responseKey.length + 2;
  while (/\s/.test(raw[i] ?? "")) i += 1;
  if (raw[i] !== ":") return null;
  i += 1;
  while (/\s/.test(raw[i] ?? "")) i += 1;
  if (raw[i] !== "{") return null;
  const start = i;
  let depth = 0;
  let inString = false;
  for (; i < raw.length; i += 1) {
    const c = raw[i];
    if (inString) {
      if (c === "\\") i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth += 1;
    else if (c === "}") {
      depth -= 1;
      if (depth === 0) return raw.slice(start, i + 1);
    }
  }
  return null;
}
