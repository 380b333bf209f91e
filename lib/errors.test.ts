/**
 * Next.js builds instrumentation.ts and every route as separate module graphs:
 * the server context (and the provider adapters in it) may throw errors whose
 * classes are another copy of ours. Each test loads a second copy of the
 * modules (vi.resetModules) and checks that errors from one copy are
 * recognised, and answered with their own status, by the other.
 */
import { describe, expect, it, vi } from "vitest";

async function twoGraphs() {
  vi.resetModules();
  const a = { errors: await import("@/lib/errors"), providers: await import("@/lib/providers/types") };
  vi.resetModules();
  const b = { errors: await import("@/lib/errors"), providers: await import("@/lib/providers/types"), problem: await import("@/lib/api/problem") };
  return { a, b };
}

describe("errors across module graphs", () => {
  it("the copies really are different classes (instanceof would fail)", async () => {
    const { a, b } = await twoGraphs();
    expect(a.errors.AppError).not.toBe(b.errors.AppError);
    expect(new a.errors.AppError("not_found", "x") instanceof b.errors.AppError).toBe(false);
  });

  it("an AppError from one graph is an AppError in the other, and keeps its status in problem+json", async () => {
    const { a, b } = await twoGraphs();
    const error = new a.errors.AppError("conflict", "busy", { extra: { order: { id: "ord_1" } } });
    expect(b.errors.isAppError(error)).toBe(true);
    const problem = b.problem.problemFor(error);
    expect(problem).toMatchObject({ status: 409, code: "conflict", detail: "busy", order: { id: "ord_1" } });
  });

  it("provider errors of every kind from one graph are provider failures in the other", async () => {
    const { a, b } = await twoGraphs();
    for (const kind of ["unavailable", "unknown_outcome", "rejected"] as const) {
      const error = new a.providers.ProviderError(kind, "down", kind === "rejected" ? { status: 409, code: "charge_succeeded" } : undefined);
      expect(b.providers.isProviderFailure(error)).toBe(true);
      expect(b.providers.isProviderError(error, kind)).toBe(true);
      expect(b.errors.isAppError(error)).toBe(false);
    }
  });

  it("a rejected notification from one graph is recognised in the other", async () => {
    const { a, b } = await twoGraphs();
    const error = new a.providers.NotificationRejected("No matching signature found");
    expect(b.providers.isNotificationRejected(error)).toBe(true);
    expect(b.providers.isProviderFailure(error)).toBe(false);
  });

  it("plain errors and look-alikes carry no brand", async () => {
    const { b } = await twoGraphs();
    expect(b.errors.errorBrand(new Error("x"))).toBeNull();
    expect(b.errors.errorBrand({ code: "not_found", status: 404 })).toBeNull();
    expect(b.errors.errorBrand(null)).toBeNull();
    expect(b.errors.isAppError(Object.assign(new Error("x"), { code: "conflict" }))).toBe(false);
  });
});
