import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { searchParamsObject } from "./search-params";

const of = (query: string) => searchParamsObject(new URL(`http://till.test/api/v1/orders${query}`));

function failure(query: string) {
  try {
    of(query);
  } catch (error) {
    if (isAppError(error)) return { code: error.code, status: error.status, paths: error.errors?.map((e) => e.path) };
    throw error;
  }
  throw new Error(`${query} was accepted`);
}

describe("searchParamsObject", () => {
  it("gives one decoded string per name", () => {
    expect(of("?status=paid&limit=5&since=2026-11-28T00%3A00%3A00%2B08%3A00")).toEqual({ status: "paid", limit: "5", since: "2026-11-28T00:00:00+08:00" });
    expect(of("")).toEqual({});
    expect(of("?empty=")).toEqual({ empty: "" });
  });

  it("a name given twice is a 422 invalid_request naming it, whether the values differ or not", () => {
    expect(failure("?type=a&type=b")).toEqual({ code: "invalid_request", status: 422, paths: ["type"] });
    expect(failure("?status=open&status=open")).toEqual({ code: "invalid_request", status: 422, paths: ["status"] });
  });

  it("names every repeated name once", () => {
    expect(failure("?limit=1&status=paid&limit=2&status=open&limit=3")).toEqual({ code: "invalid_request", status: 422, paths: ["limit", "status"] });
  });

  it("keeps names such as __proto__ as ordinary keys, so that a strict schema sees them", () => {
    const query = of("?__proto__=1&constructor=2");
    expect(Object.keys(query)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
  });

  it("reads a malformed percent-encoding in a value leniently, as URLSearchParams does, for the schema to judge", () => {
    expect(of("?cursor=%E0%A4%A")).toEqual({ cursor: "\uFFFD%A" });
  });
});
