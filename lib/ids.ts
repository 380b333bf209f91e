import { randomFillSync } from "node:crypto";
import { monotonicFactory } from "ulid";

const pool = new Uint8Array(4096);
let drawn = pool.length;

/**
 * Random numbers for ULIDs from the system's CSPRNG, 4 KiB at a time: ulid's
 * own generator asks the system for one byte per character (16 calls an id),
 * which showed in the request path's profile. A byte / 256 is uniform over
 * ULID's 32 symbols (256 is a multiple of 32).
 */
export function pooledRandom(): number {
  if (drawn >= pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  return pool[drawn++]! / 256;
}

const nextUlid = monotonicFactory(pooledRandom);

/** Till's ids: a type prefix and a ULID, so that they sort by creation time. */
export function newId(prefix: "ord" | "itm" | "cat" | "chg" | "pay" | "ref" | "whd" | "dis" | "stm" | "stl" | "aud" | "idm" | "stf" | "ses" | "trm" | "key" | "pc" | "pa" | "prd" | "sto" | "lat" | "dcl"): string {
  return `${prefix}_${nextUlid()}`;
}

/** The reference sent to providers as merchant_ref: 26 characters [0-9A-Z]. */
export function newProviderRef(): string {
  return nextUlid();
}
