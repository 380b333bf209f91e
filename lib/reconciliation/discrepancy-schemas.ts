import { z } from "zod";
import { DISCREPANCY_TYPES } from "./discrepancy-types";

export const listDiscrepanciesQuery = z.strictObject({
  status: z.enum(["open", "resolved"]).optional(),
  type: z.enum(DISCREPANCY_TYPES).optional(),
  order_id: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
