/**
 * The two refund route files answer every method they do not implement
 * themselves: a problem+json 405 with `Allow: OPTIONS, POST`, and OPTIONS 204.
 * (Their POSTs are exercised against the production build in e2e/api/refunds.spec.ts.)
 */
import { describe, expect, it } from "vitest";
import * as orderRefunds from "@/app/api/v1/orders/[orderId]/refunds/route";
import * as paymentRefunds from "@/app/api/v1/payments/[paymentId]/refunds/route";

const NOT_ALLOWED = ["GET", "HEAD", "PUT", "DELETE", "PATCH"] as const;

describe.each([
  ["orders/{orderId}/refunds", orderRefunds],
  ["payments/{paymentId}/refunds", paymentRefunds],
] as const)("%s", (_name, route) => {
  it.each(NOT_ALLOWED)("%s is 405 method_not_allowed with Allow: OPTIONS, POST", async (method) => {
    const answer = route[method](new Request("http://till.test/api/v1/x", { method, headers: { "x-request-id": `probe-${method}` } }));
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("OPTIONS, POST");
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    const body = (await answer.json()) as { code: string; instance: string };
    expect(body).toMatchObject({ code: "method_not_allowed", instance: `probe-${method}` });
  });

  it("OPTIONS is 204 with the same Allow", () => {
    const answer = route.OPTIONS(new Request("http://till.test/api/v1/x", { method: "OPTIONS" }));
    expect(answer.status).toBe(204);
    expect(answer.headers.get("allow")).toBe("OPTIONS, POST");
  });
});
