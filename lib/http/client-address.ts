import { isIP } from "node:net";

/**
 * Who is asking, decided from the TCP connection rather than from what the
 * client says about itself.
 *
 * `X-Forwarded-For` and `X-Forwarded-Proto` are plain request headers: anyone
 * can send them. They mean something only when a proxy we run wrote them, so
 * they are believed only when the connection comes from an address listed in
 * `TILL_TRUSTED_PROXIES` (an explicit setting; empty by default). Otherwise the
 * client is the socket's peer and the scheme is whether that connection is TLS.
 *
 * Behind trusted proxies the client is the right-most address of
 * `X-Forwarded-For` that is not itself a trusted proxy: every proxy appends the
 * address it was connected from, so entries to the right were written by
 * proxies we trust and entries to the left by whoever connected to the first
 * of them, who may have made them up. An entry that is not an IP address
 * stops the walk at the proxy that passed it on, so a garbled header can only
 * make clients share a rate limit, never escape one.
 *
 * Addresses are normalised (IPv4-mapped IPv6 such as `::ffff:127.0.0.1` to
 * `127.0.0.1`, IPv6 to its canonical lower-case form) so that one client has
 * one name whether it reached a dual-stack socket over IPv4 or IPv6.
 */
export function resolveClient(input: {
  socketAddress: string | undefined;
  /** Whether the connection to Till is TLS. */
  encrypted: boolean;
  forwardedFor: string | string[] | undefined;
  forwardedProto: string | string[] | undefined;
  trustedProxies: readonly string[];
}): { address: string; proto: "http" | "https"; viaTrustedProxy: boolean } {
  const socketProto = input.encrypted ? "https" : "http";
  const peer = input.socketAddress === undefined ? null : normalizeAddress(input.socketAddress);
  // A connection whose peer address is gone (the socket already closed) has no one to believe.
  if (peer === null) return { address: "unknown", proto: socketProto, viaTrustedProxy: false };
  const trusted = new Set(input.trustedProxies.map((a) => normalizeAddress(a)).filter((a) => a !== null));
  if (!trusted.has(peer)) return { address: peer, proto: socketProto, viaTrustedProxy: false };

  let client = peer;
  const hops = headerList(input.forwardedFor);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = normalizeAddress(hops[i]!);
    if (hop === null) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  // The scheme the first proxy saw; a client that forges it only changes how its own cookie is set.
  const proto = headerList(input.forwardedProto)[0]?.toLowerCase();
  return { address: client, proto: proto === "https" || proto === "http" ? proto : socketProto, viaTrustedProxy: true };
}

/**
 * An address in the one form Till compares and stores, or null when the text
 * is not an IP address. Accepts what proxies write: `[v6]`, `[v6]:port`,
 * `v4:port`.
 */
export function normalizeAddress(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  const family = isIP(text);
  if (family === 4) return text;
  if (family !== 6) return null;
  // A zone id (fe80::1%eth0) names a link, not a host; the URL parser rejects it, so it is kept as written.
  if (text.includes("%")) return text.toLowerCase();
  const canonical = new URL(`http://[${text}]`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const high = parseInt(mapped[1]!, 16);
  const low = parseInt(mapped[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** A comma-separated header (possibly repeated) as trimmed, non-empty entries. */
function headerList(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
  return joined
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
