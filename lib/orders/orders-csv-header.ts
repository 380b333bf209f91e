/** The columns of the orders CSV (export-orders-csv.ts), in order: stable names a spreadsheet or a script can rely on. */
export const ORDERS_CSV_HEADER = ["reference", "status", "amount", "received", "refunded", "currency", "created_at", "paid_at", "terminal", "created_by", "note"] as const;
