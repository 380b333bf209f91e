"use server";

import { CategoryInput, ProductInput } from "@/lib/catalogue/catalogue-schemas";
import { saveCategory } from "@/lib/catalogue/save-category";
import { saveProduct } from "@/lib/catalogue/save-product";
import { withStaff } from "@/app/_server/with-staff";

export const saveProductAction = withStaff("owner", ProductInput, (product, staff, ctx) => saveProduct(ctx, { actor: staff.actor, product }));

export const saveCategoryAction = withStaff("owner", CategoryInput, (category, staff, ctx) => saveCategory(ctx, { actor: staff.actor, category }));
