import { z } from "zod";
import { rsaPrivateKeyPem, rsaPublicKeyPem } from "../pem";

/**
 * One Alipay app's credentials, as data: the app id, the app's private key (signs
 * requests), Alipay's public key (verifies answers and notifications), the
 * gateway, and optionally the seller (PID) notifications must name.
 */
export const alipayConfigSchema = z.object({
  appId: z.string().regex(/^\d{16}$/, "the 16-digit app id"),
  appPrivateKeyPem: rsaPrivateKeyPem,
  alipayPublicKeyPem: rsaPublicKeyPem,
  gatewayUrl: z.url({ protocol: /^https?$/ }),
  sellerId: z.string().regex(/^2088\d{12}$/, "a 16-digit PID starting 2088").nullish(),
});

export type AlipayCredentials = z.infer<typeof alipayConfigSchema>;

export type AlipayConfig = AlipayCredentials & {
  timeoutMs: number;
  /** The clock notifications are judged by (tests move it). */
  now?: () => Date;
};
