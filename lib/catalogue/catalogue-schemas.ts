import { z } from "zod";
import { MAX_AMOUNT } from "@/lib/money";

const name = (what: string) => z.string().trim().min(1, `enter the ${what}`).max(60, "at most 60 characters");

/** A product as the owner edits it: names in both languages, price in minor units, its place and whether it is sold. */
export const ProductInput = z.strictObject({
  id: z.string().regex(/^prd_[0-9A-Za-z]+$/).optional(),
  nameZh: name("Chinese name"),
  nameEn: name("English name"),
  unitAmount: z.int().min(1, "a price above zero").max(MAX_AMOUNT),
  categoryId: z.string().min(1).max(64).nullable(),
  sortOrder: z.int().min(0).max(9999),
  active: z.boolean(),
});
export type ProductInput = z.infer<typeof ProductInput>;

export const CategoryInput = z.strictObject({
  id: z.string().regex(/^cat_[0-9A-Za-z]+$/).optional(),
  nameZh: name("Chinese name"),
  nameEn: name("English name"),
  sortOrder: z.int().min(0).max(9999),
  active: z.boolean(),
});
export type CategoryInput = z.infer<typeof CategoryInput>;
