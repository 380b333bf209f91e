import { describe, expect, it } from "vitest";
import { requestIdOf } from "./request-id";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const idFor = (value?: string) => requestIdOf(new Headers(value === undefined ? {} : { "x-request-id": value }));

describe("requestIdOf", () => {
  it.each(["abc", "req-42", "2026-11-28T10:00:00.000Z", "a.b_c:d-e", "x".repeat(64), "0"])("keeps a client's safe id %s", (id) => {
    expect(idFor(id)).toBe(id);
  });

  it.each([
    ["longer than 64 characters", "x".repeat(65)],
    ["with a space", "my id"],
    ["with markup", "<script>"],
    ["with a slash", "a/b"],
    ["with a byte outside ASCII", "caf\u00e9"],
    ["empty", ""],
    ["with a quote", 'a"b'],
  ])("replaces an id %s with a new ULID", (_name, id) => {
    expect(idFor(id)).toMatch(ULID);
  });

  it("makes a new ULID when the client sends none, a different one each time", () => {
    const a = idFor();
    const b = idFor();
    expect(a).toMatch(ULID);
    expect(b).toMatch(ULID);
    expect(a).not.toBe(b);
  });
});
