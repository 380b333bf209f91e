import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { z } from "zod";
import { rsaPrivateKeyPem, rsaPublicKeyPem } from "../pem";

/**
 * A WeChat Pay merchant's credentials and endpoints, as data. Secrets (the
 * merchant private key, the APIv3 key) are never logged nor shown.
 */
export const wechatPayConfigSchema = z.object({
  baseUrl: z.url(),
  /** 商户号 */
  mchid: z.string().regex(/^\d{1,32}$/, "digits"),
  /** The AppID the merchant is bound to (公众账号ID). */
  appid: z.string().min(1).max(32),
  /** Serial number of the merchant API certificate that matches the private key. */
  merchantSerial: z.string().regex(/^[0-9A-Fa-f]{8,64}$/, "a hexadecimal certificate serial"),
  merchantPrivateKeyPem: rsaPrivateKeyPem,
  /** The APIv3 key: 32 ASCII characters, the AES-256-GCM key of notifications. */
  apiV3Key: z.string().refine((k) => Buffer.byteLength(k, "utf8") === 32, "exactly 32 bytes"),
  /** 微信支付公钥 ID (`PUB_KEY_ID_…`), or the platform certificate's serial in certificate mode. */
  wechatPayPublicKeyId: z.string().min(1).max(64),
  /** The WeChat Pay public key (SPKI PEM) or the platform certificate (PEM). */
  wechatPayPublicKeyPem: rsaPublicKeyPem,
  /** Sent with refunds; without it WeChat uses the refund URL set in the merchant portal. */
  refundNotifyUrl: z.url().optional(),
});

export type WechatPayConfig = z.infer<typeof wechatPayConfigSchema> & {
  timeoutMs: number;
  /** The clock that judges timestamps (±300 s); tests may fake it. */
  now?: () => Date;
};

/** The parsed keys of a configuration, made once per adapter. */
export type WechatPayKeys = { merchantPrivateKey: KeyObject; wechatPayPublicKey: KeyObject };

export function wechatPayKeys(config: WechatPayConfig): WechatPayKeys {
  return {
    merchantPrivateKey: createPrivateKey(config.merchantPrivateKeyPem),
    // createPublicKey takes a certificate PEM too, and answers its public key.
    wechatPayPublicKey: createPublicKey(config.wechatPayPublicKeyPem),
  };
}
