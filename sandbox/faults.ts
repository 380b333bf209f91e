import { z } from "zod";
import type { Ctx } from "./context";
import { sql, type Db } from "./db";
import { parseBody } from "./errors";
import { json, type ApiRequest, type ApiResponse } from "./http";

const rate = z.number().min(0).max(1);
const count = z.int().min(0).max(1_000_000);

const FaultsPatch = z
  .object({
    drop_rate: rate,
    duplicate_rate: rate,
    max_delay_ms: z.int().min(0).max(600_000),
    bad_signature_rate: rate,
    fail_next_refunds: count,
    unavailable_next_calls: count,
  })
  .partial()
  .strict();

export type Faults = Required<z.infer<typeof FaultsPatch>>;

// Kept in SQLite like everything else, so a restart does not silently heal a
// fault a test or a demo set up.
export function readFaults(db: Db): Faults {
  return sql(
    db,
    "SELECT drop_rate, duplicate_rate, max_delay_ms, bad_signature_rate, fail_next_refunds, unavailable_next_calls FROM faults WHERE id = 1",
  ).get() as Faults;
}

/** Consumes one unit of a counter fault; true when one was left. */
function take(db: Db, column: "fail_next_refunds" | "unavailable_next_calls"): boolean {
  return sql(db, `UPDATE faults SET ${column} = ${column} - 1 WHERE id = 1 AND ${column} > 0`).run().changes === 1;
}

export const takeUnavailableCall = (db: Db) => take(db, "unavailable_next_calls");
export const takeFailNextRefund = (db: Db) => take(db, "fail_next_refunds");

export function getFaults(ctx: Ctx): ApiResponse {
  return json(200, readFaults(ctx.db));
}

/** Only the fields sent change; send a field as 0 to turn its fault off. */
export function setFaults(ctx: Ctx, req: ApiRequest): ApiResponse {
  const patch = parseBody(FaultsPatch, req.body);
  const columns = Object.keys(patch) as (keyof Faults)[];
  if (columns.length > 0) {
    const assignments = columns.map((c) => `${c} = @${c}`).join(", ");
    sql(ctx.db, `UPDATE faults SET ${assignments} WHERE id = 1`).run(patch);
  }
  return json(200, readFaults(ctx.db));
}
