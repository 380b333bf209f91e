import { Webhook } from "standardwebhooks";
import { z } from "zod";
import type { Ctx } from "./context";
import { parseBody } from "./errors";
import { json, type ApiRequest, type ApiResponse } from "./http";

const SecretChange = z.object({ secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must be whsec_<base64>") }).strict();

/**
 * Sandbox control: the merchant rotated the webhook signing secret in the
 * provider's portal. Every attempt from now on (retries of older events too)
 * is signed with the new secret. Kept in memory: a restart signs with
 * PROVIDER_WEBHOOK_SECRET again. The secret is never answered back.
 */
export function setWebhookSecret(ctx: Ctx, req: ApiRequest): ApiResponse {
  const { secret } = parseBody(SecretChange, req.body);
  new Webhook(secret); // refuse a secret that does not decode, before it is used
  ctx.webhookSecret = secret;
  return json(200, { rotated: true });
}
