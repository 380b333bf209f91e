import { closeCharge, createCharge, expireCharge, getCharge, listCharges } from "./charges";
import type { Ctx } from "./context";
import { listEvents } from "./events";
import { getFaults, setFaults } from "./faults";
import type { ApiRequest, ApiResponse, Route } from "./http";
import { phonePay, sandboxPay } from "./payments";
import { phonePage } from "./phone-page";
import { createRefund, failRefund, getRefund, listRefunds } from "./refunds";
import { getStatement } from "./statements";
import { setWebhookSecret } from "./webhook-secret";

type Handler = (ctx: Ctx, req: ApiRequest) => ApiResponse;

/** Every endpoint of the protocol, in the order its tables list them. */
export function routes(ctx: Ctx): Route[] {
  const r = (method: Route["method"], path: string, access: Route["access"], handler: Handler): Route => ({
    method,
    path,
    access,
    handler: (req) => handler(ctx, req),
  });
  return [
    r("POST", "/v1/charges", "merchant", createCharge),
    r("GET", "/v1/charges", "merchant", listCharges),
    r("GET", "/v1/charges/:id", "merchant", getCharge),
    r("POST", "/v1/charges/:id/close", "merchant", closeCharge),
    r("POST", "/v1/refunds", "merchant", createRefund),
    r("GET", "/v1/refunds", "merchant", listRefunds),
    r("GET", "/v1/refunds/:id", "merchant", getRefund),
    r("GET", "/v1/statements", "merchant", getStatement),
    // The customer's phone: no key, it is not the merchant calling.
    r("GET", "/pay/:id", "public", phonePage),
    r("POST", "/pay/:id", "public", phonePay),
    r("POST", "/sandbox/charges/:id/pay", "merchant", sandboxPay),
    r("POST", "/sandbox/charges/:id/expire", "merchant", expireCharge),
    r("POST", "/sandbox/refunds/:id/fail", "merchant", failRefund),
    r("GET", "/sandbox/faults", "merchant", getFaults),
    r("POST", "/sandbox/faults", "merchant", setFaults),
    r("GET", "/sandbox/events", "merchant", listEvents),
    r("POST", "/sandbox/webhook-secret", "merchant", setWebhookSecret),
  ];
}
