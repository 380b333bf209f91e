/**
 * The benchmarks' bare route (app/api/bench) offers nothing unless the server
 * runs with TILL_BENCH=1: a production Till answers 404 there.
 */
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/bench/route";
import { parseEnv } from "@/lib/env";

describe("/api/bench", () => {
  it("is a 404 problem without TILL_BENCH=1, for a GET and a POST", async () => {
    expect(parseEnv({}).TILL_BENCH).toBe("0");
    for (const handler of [GET, POST]) {
      const answer = await handler(new Request("http://till.test/api/bench", { method: handler === GET ? "GET" : "POST", body: handler === GET ? undefined : "{}" }));
      expect(answer.status).toBe(404);
      expect(answer.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("TILL_BENCH takes only 0 or 1", () => {
    expect(parseEnv({ TILL_BENCH: "1" }).TILL_BENCH).toBe("1");
    expect(() => parseEnv({ TILL_BENCH: "yes" })).toThrow(/TILL_BENCH/);
  });
});
