/**
 * One file, one row per record, `record_type` first (order, payment, refund,
 * discrepancy), in that order, so that a spreadsheet filter on the first
 * column gives each table. Every record of the day has one column set:
 * `kind` is a payment's source, a refund's origin (till or provider), a
 * discrepancy's type (blank for an order);
 * `expected` is a discrepancy's expected amount; `booked_day` is the business
 * day whose close (Z-report) holds the row, blank while none does.
 */
export const DAY_CSV_HEADER = ["record_type", "id", "time", "order_reference", "status", "kind", "amount", "currency", "fee", "net", "expected", "provider_id", "booked_day", "note"];
