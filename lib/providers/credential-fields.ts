import { createHash, createPublicKey } from "node:crypto";
import { alipayCredentialsSchema, wechatCredentialsSchema } from "./credentials";

/** How the owner's page may show a stored value: never a secret, at most what tells two values apart. */
type Shown = "full" | "tail" | "keyFingerprint" | "nothing";

type FieldSpec = { shown: Shown; multiline?: boolean };

/**
 * Every credential field of the kinds whose credentials are sealed, in the
 * order the form asks for them, with what the page may show of a stored
 * value: identifiers sent in every request's headers in full, account
 * numbers by their last characters, keys by the SHA-256 fingerprint of their
 * public half, and the APIv3 key not at all.
 */
const FIELDS = {
  wechat: {
    mchid: { shown: "tail" },
    appid: { shown: "tail" },
    merchantSerial: { shown: "full" },
    merchantPrivateKeyPem: { shown: "keyFingerprint", multiline: true },
    apiV3Key: { shown: "nothing" },
    wechatPayPublicKeyId: { shown: "full" },
    wechatPayPublicKeyPem: { shown: "keyFingerprint", multiline: true },
    refundNotifyUrl: { shown: "full" },
  },
  alipay: {
    appId: { shown: "tail" },
    appPrivateKeyPem: { shown: "keyFingerprint", multiline: true },
    alipayPublicKeyPem: { shown: "keyFingerprint", multiline: true },
    sellerId: { shown: "tail" },
  },
} as const satisfies { wechat: Record<keyof typeof wechatCredentialsSchema.shape, FieldSpec>; alipay: Record<keyof typeof alipayCredentialsSchema.shape, FieldSpec> };

export type SealedKind = keyof typeof FIELDS;
export const SEALED_KINDS = ["wechat", "alipay"] as const satisfies readonly SealedKind[];

export type CredentialFieldName<K extends SealedKind> = keyof (typeof FIELDS)[K] & string;

/** One field as the page shows it: whether a value is stored and, when that is safe, a hint of it. */
export type CredentialFieldView = { name: string; set: boolean; hint: string | null; optional: boolean; multiline: boolean };

const schemaOf = { wechat: wechatCredentialsSchema, alipay: alipayCredentialsSchema } as const;

export function credentialFieldNames<K extends SealedKind>(kind: K): [CredentialFieldName<K>, ...CredentialFieldName<K>[]] {
  return Object.keys(FIELDS[kind]) as [CredentialFieldName<K>, ...CredentialFieldName<K>[]];
}

/** "SHA256 3f2a…": the fingerprint of a key's public half (a private key's too), the same for a key and its certificate. */
export function keyFingerprint(pem: string): string {
  const der = createPublicKey(pem).export({ type: "spki", format: "der" });
  const hex = createHash("sha256").update(der).digest("hex");
  return `SHA256 ${hex.slice(0, 16).replace(/(.{4})(?!$)/g, "$1:")}`;
}

function hintOf(shown: Shown, value: string): string | null {
  switch (shown) {
    case "full":
      return value;
    case "tail":
      return `••••${value.slice(-4)}`;
    case "keyFingerprint":
      try {
        return keyFingerprint(value);
      } catch {
        return null;
      }
    case "nothing":
      return null;
  }
}

/** The fields of a kind with what is stored (`stored` null: nothing is, or it cannot be opened). */
export function credentialFieldViews(kind: SealedKind, stored: Record<string, unknown> | null): CredentialFieldView[] {
  const shape = schemaOf[kind].shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
  return Object.entries(FIELDS[kind] as Record<string, FieldSpec>).map(([name, spec]) => {
    const value = stored?.[name];
    const set = typeof value === "string" && value !== "";
    return { name, set, hint: set ? hintOf(spec.shown, value) : null, optional: shape[name]!.safeParse(undefined).success, multiline: spec.multiline ?? false };
  });
}
