-- The Orders screen filters a store's orders by who made them (the cashier, or
-- the API key of a register) and searches them by amount, within a business
-- day, newest first, one page at a time. As with the list's other filters
-- (20261128000100_list_indexes), each equality gets an index that ends in the
-- list's own sort key ("createdAt", "id"), so that a page, and the day's count
-- and total, are one range read of an index: no sort, no scan of the store.
-- A search by reference uses the unique ("storeId", "reference") that exists.
CREATE INDEX "Order_storeId_createdBy_createdAt_id_idx" ON "Order"("storeId", "createdBy", "createdAt", "id");
CREATE INDEX "Order_storeId_amount_createdAt_id_idx" ON "Order"("storeId", "amount", "createdAt", "id");
