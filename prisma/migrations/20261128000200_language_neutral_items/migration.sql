-- Order items become language-neutral: what was sold is stored as facts, and
-- each screen words it in its viewer's language. A product line keeps the
-- product's names in both languages as they were at the sale (a later rename
-- or price change never alters a past order); the amount typed on the keypad
-- is a line of kind 'amount', labelled "Amount" / "金额" by whoever reads it.
ALTER TABLE "OrderItem" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'item';
ALTER TABLE "OrderItem" ADD COLUMN "nameEn" TEXT;
ALTER TABLE "OrderItem" ADD COLUMN "nameZh" TEXT;

-- Lines made before: a keypad amount was stored under the sale screen's word for it.
UPDATE "OrderItem" SET "kind" = 'amount' WHERE "productId" IS NULL AND "name" IN ('Amount', '金额');
UPDATE "OrderItem" SET "kind" = 'product',
  "nameEn" = (SELECT "nameEn" FROM "Product" WHERE "Product"."id" = "OrderItem"."productId"),
  "nameZh" = (SELECT "nameZh" FROM "Product" WHERE "Product"."id" = "OrderItem"."productId")
WHERE "productId" IS NOT NULL;

-- Above this amount (minor units) the sale screen asks the cashier to confirm before charging.
ALTER TABLE "Store" ADD COLUMN "confirmAmountAbove" INTEGER NOT NULL DEFAULT 1000000;
