-- Product categories: the sale screen's grid shows one tab per active
-- category, in the owner's order; a product without one is under "Other".
CREATE TABLE "Category" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "storeId" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "Category_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "Category_storeId_sortOrder_idx" ON "Category"("storeId", "sortOrder");

-- SQLite cannot add a foreign key to an existing table with ALTER TABLE; the
-- column is checked by the application (a category of the same store) and by
-- Prisma's relation, as the relation below declares.
ALTER TABLE "Product" ADD COLUMN "categoryId" TEXT REFERENCES "Category" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "Product_storeId_sortOrder_idx" ON "Product"("storeId", "sortOrder");
