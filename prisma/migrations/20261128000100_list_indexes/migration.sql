-- The order and discrepancy lists are read newest first, one page at a time
-- (keyset: each page starts below the last row of the page before). Each
-- filter the API allows gets an index that ends in the list's own sort key, so
-- a page is a range read of an index: no sort of the store's rows, and the cost
-- of a page does not grow with the store.
--
-- Orders sort by ("createdAt", "id"); the id breaks ties between orders made
-- in the same millisecond. The index on ("storeId", "createdAt", "id") serves
-- every use of the one it replaces.
DROP INDEX "Order_storeId_createdAt_idx";
CREATE INDEX "Order_storeId_createdAt_id_idx" ON "Order"("storeId", "createdAt", "id");
CREATE INDEX "Order_storeId_status_createdAt_id_idx" ON "Order"("storeId", "status", "createdAt", "id");

-- Discrepancies sort by id (a ULID, so by time of detection). ("orderId", "id")
-- serves every look-up by order that ("orderId") did; ("storeId", "status", "id")
-- serves any read by store and status that ("storeId", "status", "detectedAt") did.
DROP INDEX "Discrepancy_storeId_status_detectedAt_idx";
DROP INDEX "Discrepancy_orderId_idx";
CREATE INDEX "Discrepancy_storeId_id_idx" ON "Discrepancy"("storeId", "id");
CREATE INDEX "Discrepancy_storeId_status_id_idx" ON "Discrepancy"("storeId", "status", "id");
CREATE INDEX "Discrepancy_storeId_type_id_idx" ON "Discrepancy"("storeId", "type", "id");
CREATE INDEX "Discrepancy_orderId_id_idx" ON "Discrepancy"("orderId", "id");
