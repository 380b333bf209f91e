-- The owner's orders history filters a store's orders by the terminal they were
-- made at (the counter's session or the register's API key), alone or with a
-- day, status, cashier or amount, and exports the same list as CSV. Like the
-- list's other equalities (20261128000300_order_filter_indexes), the terminal
-- gets an index that ends in the list's sort key ("createdAt", "id"): a page,
-- the summary and an export batch are each one range read of it.
CREATE INDEX "Order_storeId_terminalId_createdAt_id_idx" ON "Order"("storeId", "terminalId", "createdAt", "id");
