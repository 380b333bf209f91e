import type { Ctx } from "./context";
import { newId, sql } from "./db";
import { json, type ApiRequest, type ApiResponse } from "./http";
import { rfc3339 } from "./time";
import { alipayEventBody } from "./alipay/notifications";
import { wechatEventBody } from "./wechat/notifications";

export type EventType = "payment.succeeded" | "refund.succeeded" | "refund.failed";
/** How the sandbox delivers one event: `normal`, `drop`, `duplicate` or `delay_ms:N`. */
export type DeliveryMode = string;

export interface NewEvent {
  type: EventType;
  chargeId: string;
  notifyUrl: string;
  data: unknown;
  delivery: DeliveryMode;
}

/**
 * Stores an event in the caller's transaction, so that the money movement and
 * its notification commit together; the notifier picks it up from the table.
 * The body is frozen here: every attempt sends the very same bytes.
 */
export function insertEvent(ctx: Ctx, event: NewEvent): string {
  const id = newId("evt");
  const createdAt = ctx.now();
  const e = { id, type: event.type, chargeId: event.chargeId, data: event.data, createdAt };
  const body = wechatEventBody(ctx, e) ?? alipayEventBody(ctx, e) ?? JSON.stringify({ id, type: event.type, created_at: rfc3339(createdAt), data: event.data });
  // An empty body: the provider the charge was made through says nothing of this event.
  const dropped = event.delivery === "drop" || body === "";
  const delay = event.delivery.startsWith("delay_ms:") ? Number(event.delivery.slice("delay_ms:".length)) : 0;
  sql(
    ctx.db,
    `INSERT INTO events (id, type, charge_id, notify_url, body, delivery, state, created_at, next_attempt_at, duplicates_owed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    event.type,
    event.chargeId,
    event.notifyUrl,
    body,
    event.delivery,
    dropped ? "dropped" : "pending",
    createdAt,
    dropped ? null : createdAt + delay,
    event.delivery === "duplicate" ? 2 : 0,
  );
  return id;
}

interface EventRow {
  id: string;
  type: string;
  charge_id: string;
  notify_url: string;
  body: string;
  delivery: string;
  state: string;
  created_at: number;
  next_attempt_at: number | null;
  delivered_at: number | null;
  failed_at: number | null;
}

interface AttemptRow {
  attempted_at: number;
  webhook_timestamp: number | null;
  status_code: number | null;
  error: string | null;
  signature: string;
  ok: number;
  duration_ms: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** `GET /sandbox/events[?charge_id=]`: every event, oldest first, with its attempts. */
export function listEvents(ctx: Ctx, req: ApiRequest): ApiResponse {
  const chargeId = req.query.get("charge_id");
  const rows = (
    chargeId === null
      ? sql(ctx.db, "SELECT * FROM events ORDER BY created_at, rowid").all()
      : sql(ctx.db, "SELECT * FROM events WHERE charge_id = ? ORDER BY created_at, rowid").all(chargeId)
  ) as EventRow[];
  const attemptsOf = sql(ctx.db, "SELECT * FROM delivery_attempts WHERE event_id = ? ORDER BY id");
  const data = rows.map((e) => ({
    id: e.id,
    type: e.type,
    charge_id: e.charge_id,
    notify_url: e.notify_url,
    delivery: e.delivery,
    state: e.state,
    // Diagnostics keep milliseconds: scaled retries are milliseconds apart.
    created_at: iso(e.created_at),
    next_attempt_at: e.state === "pending" ? iso(e.next_attempt_at) : null,
    delivered_at: iso(e.delivered_at),
    failed_at: iso(e.failed_at),
    // Alipay's notifications are forms; every other body is JSON.
    payload: e.body === "" || e.body.startsWith("{") ? (JSON.parse(e.body || "null") as unknown) : Object.fromEntries(new URLSearchParams(e.body)),
    attempts: (attemptsOf.all(e.id) as AttemptRow[]).map((a) => ({
      at: iso(a.attempted_at),
      webhook_timestamp: a.webhook_timestamp,
      status_code: a.status_code,
      error: a.error,
      signature: a.signature,
      ok: a.ok === 1,
      duration_ms: a.duration_ms,
    })),
  }));
  return json(200, { data });
}
