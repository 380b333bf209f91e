import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A secret that could not be opened: wrong key, altered envelope, or not an envelope at all. */
export class SealedSecretError extends Error {
  constructor(reason: string) {
    super(`Sealed secret refused: ${reason}`);
    this.name = "SealedSecretError";
  }
}

/** The 32-byte key from its base64 (or base64url) text; throws naming what is wrong, never echoing it. */
export function parseSecretsKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== KEY_BYTES) throw new Error(`TILL_SECRETS_KEY must be ${KEY_BYTES} bytes in base64 (got ${key.length} bytes)`);
  return key;
}

/** A new random key, as the base64 text TILL_SECRETS_KEY takes. */
export function newSecretsKey(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}

/**
 * Seals a text with AES-256-GCM: a fresh 12-byte IV each time, the owner's id as
 * associated data (so a sealed value copied onto another record does not open),
 * as `v1:<iv>:<tag>:<ciphertext>`, each part base64url.
 */
export function seal(key: Buffer, plaintext: string, associatedData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(":");
}

/** Opens what `seal` made under the same key and associated data; anything else is refused. */
export function open(key: Buffer, envelope: string, associatedData: string): string {
  const parts = envelope.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SealedSecretError("not a v1 envelope");
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, "base64url"));
  if (iv!.length !== IV_BYTES || tag!.length !== TAG_BYTES) throw new SealedSecretError("malformed envelope");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv!, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString("utf8");
  } catch {
    throw new SealedSecretError("authentication failed (wrong key or altered)");
  }
}
