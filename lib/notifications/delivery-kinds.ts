/** What the inbox can filter a delivery by (shared by the screen and the server, so free of the database). */
export const DELIVERY_OUTCOMES = ["applied", "duplicate", "ignored", "deferred", "rejected"] as const;
export const DELIVERY_TYPES = ["payment.succeeded", "refund.succeeded", "refund.failed"] as const;
