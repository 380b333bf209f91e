import { z } from "zod";

/** The envelope of every list in API v1: a page of items, newest first, and the cursor of the next page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next_cursor: z.string().nullable().describe("pass as `cursor` to get the next page; null on the last page"),
  });
}
