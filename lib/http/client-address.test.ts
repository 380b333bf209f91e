import { describe, expect, it } from "vitest";
import { normalizeAddress, resolveClient } from "./client-address";

const PROXY = "10.0.0.2";
const EDGE = "10.0.0.1";

describe("resolveClient", () => {
  it.each([
    // [what, socket, encrypted, X-Forwarded-For, X-Forwarded-Proto, trusted proxies, client, proto]
    ["no proxy configured: a forged X-Forwarded-For is ignored", "203.0.113.9", false, "198.51.100.1", undefined, [], "203.0.113.9", "http"],
    ["no proxy configured: naming someone else's address does not make you them", "203.0.113.9", false, "192.0.2.55, 198.51.100.1", undefined, [], "203.0.113.9", "http"],
    ["no proxy configured: a forged X-Forwarded-Proto is ignored", "203.0.113.9", false, undefined, "https", [], "203.0.113.9", "http"],
    ["no proxy configured: a TLS connection is https", "203.0.113.9", true, undefined, "http", [], "203.0.113.9", "https"],
    ["a proxy is configured but this peer is not it", "203.0.113.9", false, "198.51.100.1", "https", [PROXY], "203.0.113.9", "http"],
    ["no header at all", "203.0.113.9", false, undefined, undefined, [], "203.0.113.9", "http"],
    ["trusted proxy: the address it appended is the client", PROXY, false, "198.51.100.1", "https", [PROXY], "198.51.100.1", "https"],
    ["trusted proxy: the right-most untrusted entry wins over what the client prepended", PROXY, false, "192.0.2.55, 198.51.100.1", "https", [PROXY], "198.51.100.1", "https"],
    ["chain of proxies: trusted hops are skipped from the right", PROXY, false, "192.0.2.55, 198.51.100.1, 10.0.0.1", "https", [EDGE, PROXY], "198.51.100.1", "https"],
    ["chain of proxies: an untrusted hop in the middle is where trust ends", PROXY, false, "198.51.100.1, 192.0.2.77, 10.0.0.1", "https", [EDGE, PROXY], "192.0.2.77", "https"],
    ["chain of proxies: every entry trusted gives the furthest one", PROXY, false, "10.0.0.1", "https", [EDGE, PROXY], EDGE, "https"],
    ["trusted proxy without X-Forwarded-For: the proxy itself", PROXY, false, undefined, undefined, [PROXY], PROXY, "http"],
    ["trusted proxy: a garbage entry stops at the proxy that passed it on", PROXY, false, "198.51.100.1, not-an-ip", "https", [PROXY], PROXY, "https"],
    ["trusted proxy: an unknown X-Forwarded-Proto falls back to the connection's scheme", PROXY, false, "198.51.100.1", "gopher", [PROXY], "198.51.100.1", "http"],
    ["trusted proxy: the first proxy's scheme is kept", PROXY, false, "198.51.100.1", "HTTPS, http", [PROXY], "198.51.100.1", "https"],
    ["trusted proxy: repeated X-Forwarded-For lines read as one list", PROXY, false, ["192.0.2.55", "198.51.100.1"], "https", [PROXY], "198.51.100.1", "https"],
    ["IPv4-mapped peer (dual-stack socket) matches an IPv4 proxy setting", "::ffff:10.0.0.2", false, "198.51.100.1", "https", [PROXY], "198.51.100.1", "https"],
    ["IPv4-mapped peer without a proxy is named in IPv4 form", "::ffff:127.0.0.1", false, "127.0.0.2", undefined, [], "127.0.0.1", "http"],
    ["IPv6 peer, no proxy", "2001:DB8::7", false, "198.51.100.1", undefined, [], "2001:db8::7", "http"],
    ["IPv6 proxy written another way still matches", "2001:db8:0:0::2", false, "[2001:db8::99]:51234", "https", ["2001:DB8::2"], "2001:db8::99", "https"],
    ["trusted proxy appending IPv4 with a port", PROXY, false, "198.51.100.1:61000", "https", [PROXY], "198.51.100.1", "https"],
    ["trusted proxy appending an IPv4-mapped address", PROXY, false, "::ffff:198.51.100.1", "https", [PROXY], "198.51.100.1", "https"],
  ] as const)("%s", (_what, socketAddress, encrypted, forwardedFor, forwardedProto, trustedProxies, address, proto) => {
    const result = resolveClient({ socketAddress, encrypted, forwardedFor: forwardedFor as string | string[] | undefined, forwardedProto, trustedProxies });
    expect(result.address).toBe(address);
    expect(result.proto).toBe(proto);
  });

  it("a closed socket with no address is one shared 'unknown' client, whatever the headers say", () => {
    expect(resolveClient({ socketAddress: undefined, encrypted: false, forwardedFor: "198.51.100.1", forwardedProto: "https", trustedProxies: [PROXY] })).toEqual({
      address: "unknown",
      proto: "http",
      viaTrustedProxy: false,
    });
  });

  it("says whether the peer was a trusted proxy", () => {
    expect(resolveClient({ socketAddress: PROXY, encrypted: false, forwardedFor: undefined, forwardedProto: undefined, trustedProxies: [PROXY] }).viaTrustedProxy).toBe(true);
    expect(resolveClient({ socketAddress: EDGE, encrypted: false, forwardedFor: undefined, forwardedProto: undefined, trustedProxies: [PROXY] }).viaTrustedProxy).toBe(false);
  });
});

describe("normalizeAddress", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    [" 127.0.0.1 ", "127.0.0.1"],
    ["127.0.0.1:8080", "127.0.0.1"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["::FFFF:7f00:1", "127.0.0.1"],
    ["::1", "::1"],
    ["[::1]", "::1"],
    ["[::1]:443", "::1"],
    ["2001:0DB8:0000::0001", "2001:db8::1"],
    ["fe80::1%eth0", "fe80::1%eth0"],
    ["unknown", null],
    ["", null],
    ["999.1.1.1", null],
    ["_hidden", null],
  ])("%j → %j", (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });
});
