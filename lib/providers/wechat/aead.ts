import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const TAG_BYTES = 16;

/** An encrypted `resource` of a WeChat Pay notification (or of a certificate download). */
export type EncryptedResource = { algorithm: string; ciphertext: string; nonce: string; associated_data?: string | null };

function key(apiV3Key: string): Buffer {
  const bytes = Buffer.from(apiV3Key, "utf8");
  if (bytes.length !== 32) throw new Error("the APIv3 key must be 32 bytes");
  return bytes;
}

/**
 * AEAD_AES_256_GCM as WeChat Pay uses it: key = the APIv3 key, IV = `nonce`
 * (its UTF-8 bytes, 12 of them), AAD = `associated_data`, ciphertext = base64
 * of the encrypted bytes followed by the 16-byte tag. Throws when the tag does
 * not verify (a wrong key, or anything altered).
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== "AEAD_AES_256_GCM") throw new Error(`unsupported algorithm ${resource.algorithm}`);
  const bytes = Buffer.from(resource.ciphertext, "base64");
  if (bytes.length < TAG_BYTES) throw new Error("ciphertext shorter than its tag");
  const decipher = createDecipheriv("aes-256-gcm", key(apiV3Key), Buffer.from(resource.nonce, "utf8"), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  decipher.setAAD(Buffer.from(resource.associated_data ?? "", "utf8"));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
}

/** The inverse of decryptResource, for whoever sends notifications (Sandbox Pay's WeChat dialect, tests). */
export function encryptResource(plaintext: string, apiV3Key: string, associatedData: string, nonce = randomBytes(9).toString("base64url").slice(0, 12)): EncryptedResource {
  const cipher = createCipheriv("aes-256-gcm", key(apiV3Key), Buffer.from(nonce, "utf8"), { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const encrypted = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: "AEAD_AES_256_GCM", ciphertext: encrypted.toString("base64"), nonce, associated_data: associatedData };
}
