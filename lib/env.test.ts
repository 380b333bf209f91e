import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("TILL_TRUSTED_PROXIES", () => {
  it("is empty unless set: no proxy is trusted by default", () => {
    expect(parseEnv({}).TILL_TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ TILL_TRUSTED_PROXIES: "" }).TILL_TRUSTED_PROXIES).toEqual([]);
  });

  it("reads a comma list of IPv4 and IPv6 addresses in their normalised form", () => {
    expect(parseEnv({ TILL_TRUSTED_PROXIES: " 10.0.0.1, ::ffff:10.0.0.2 ,2001:DB8::1," }).TILL_TRUSTED_PROXIES).toEqual(["10.0.0.1", "10.0.0.2", "2001:db8::1"]);
  });

  it("stops Till at start on an entry that is not an address, naming the setting and the entry", () => {
    expect(() => parseEnv({ TILL_TRUSTED_PROXIES: "10.0.0.1, proxy.internal" })).toThrow(/TILL_TRUSTED_PROXIES: "proxy\.internal" is not an IP address/);
    expect(() => parseEnv({ TILL_TRUSTED_PROXIES: "10.0.0.0/8" })).toThrow(/TILL_TRUSTED_PROXIES/);
  });
});
