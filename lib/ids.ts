import { monotonicFactory } from "ulid";

const nextUlid = monotonicFactory();

/** Till's ids: a type prefix and a ULID, so that they sort by creation time. */
export function newId(prefix: "ord" | "itm" | "cat" | "chg" | "pay" | "ref" | "whd" | "dis" | "stm" | "stl" | "aud" | "idm" | "stf" | "ses" | "trm" | "key" | "pc" | "pa" | "prd" | "sto" | "lat" | "dcl"): string {
  return `${prefix}_${nextUlid()}`;
}

/** The reference sent to providers as merchant_ref: 26 characters [0-9A-Z]. */
export function newProviderRef(): string {
  return nextUlid();
}
