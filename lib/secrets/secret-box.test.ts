import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, parseSecretsKey, seal, SealedSecretError } from "./secret-box";

const key = randomBytes(32);
const text = JSON.stringify({ apiV3Key: "0123456789abcdef0123456789abcdef", pem: "-----BEGIN PRIVATE KEY-----" });

/** Flips one bit of the envelope's part `index` (1 iv, 2 tag, 3 ciphertext). */
function flip(envelope: string, index: number): string {
  const parts = envelope.split(":");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0] = bytes[0]! ^ 1;
  parts[index] = bytes.toString("base64url");
  return parts.join(":");
}

describe("sealed secrets (AES-256-GCM, v1 envelope)", () => {
  it("opens what it sealed; each seal has its own IV, and the text is not in the envelope", () => {
    const a = seal(key, text, "ProviderAccount:pa_1");
    const b = seal(key, text, "ProviderAccount:pa_1");
    expect(a).toMatch(/^v1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("PRIVATE KEY");
    expect(open(key, a, "ProviderAccount:pa_1")).toBe(text);
    expect(open(key, b, "ProviderAccount:pa_1")).toBe(text);
  });

  it("refuses an envelope altered in its IV, its tag or its ciphertext", () => {
    const sealed = seal(key, text, "ProviderAccount:pa_1");
    for (const part of [1, 2, 3]) expect(() => open(key, flip(sealed, part), "ProviderAccount:pa_1")).toThrow(SealedSecretError);
    expect(() => open(key, sealed.replace(/^v1/, "v2"), "ProviderAccount:pa_1")).toThrow(/not a v1 envelope/);
  });

  it("refuses another key, and the value copied onto another account", () => {
    const sealed = seal(key, text, "ProviderAccount:pa_1");
    expect(() => open(randomBytes(32), sealed, "ProviderAccount:pa_1")).toThrow(SealedSecretError);
    expect(() => open(key, sealed, "ProviderAccount:pa_2")).toThrow(SealedSecretError);
  });

  it("takes a key of exactly 32 bytes in base64", () => {
    expect(parseSecretsKey(key.toString("base64")).equals(key)).toBe(true);
    expect(() => parseSecretsKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
  });
});
