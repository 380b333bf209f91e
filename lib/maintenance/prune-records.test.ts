/** Retention: what the pruner deletes and, as much, what it must keep. Real SQLite file. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";
import { pruneRecords } from "./prune-records";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const DAY = 86_400_000;

describe("pruneRecords", () => {
  it("deletes old acknowledged inbox rows, old and surplus rejected attempts, expired idempotency records and old sign-in attempts — and nothing else", async () => {
    const db = h.ctx.db;
    const now = Date.now();
    const ago = (days: number, extraMs = 0) => new Date(now - days * DAY - extraMs);
    const delivery = (id: string, verified: boolean, outcome: string, receivedAt: Date) =>
      db.webhookDelivery.create({ data: { id, accountId: verified ? "pa_sandbox_env" : null, provider: "sandbox", eventId: verified ? `evt_${id}` : null, rawBody: "{}", headers: "{}", verified, outcome, receivedAt, lastSeenAt: receivedAt } });

    await delivery("whd_old_applied", true, "applied", ago(91));
    await delivery("whd_old_ignored", true, "ignored", ago(100));
    await delivery("whd_old_deferred", true, "deferred", ago(200)); // waits for its payment however old
    await delivery("whd_new_applied", true, "applied", ago(89));
    await delivery("whd_old_rejected", false, "rejected", ago(8));
    // Five recent rejected attempts; only the newest 3 are kept.
    for (let i = 0; i < 5; i++) await delivery(`whd_rej_${i}`, false, "rejected", ago(0, (5 - i) * 60_000));

    const idem = (id: string, expiresAt: Date) => db.idempotencyRecord.create({ data: { id, scope: "api_key:x", route: "POST /x", key: id, requestHash: "h", state: "done", expiresAt } });
    await idem("idm_expired", new Date(now - 1000));
    await idem("idm_live", new Date(now + DAY));

    const attempt = (id: string, createdAt: Date) => db.loginAttempt.create({ data: { id, client: "c", success: false, createdAt } });
    await attempt("lat_old", ago(91));
    await attempt("lat_new", ago(1));
    const auditsBefore = await db.auditEvent.count();

    const counts = await pruneRecords(h.ctx, { days: 90, rejectedDays: 7, rejectedKeep: 3 });
    expect(counts).toEqual({ deliveries: 2, rejected: 3, idempotency: 1, loginAttempts: 1 });

    const left = (await db.webhookDelivery.findMany({ where: { id: { startsWith: "whd_" }, provider: "sandbox", OR: [{ id: { contains: "_old_" } }, { id: { contains: "_new_" } }, { id: { startsWith: "whd_rej_" } }] }, select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
    expect(left).toEqual(["whd_new_applied", "whd_old_deferred", "whd_rej_2", "whd_rej_3", "whd_rej_4"]);
    expect((await db.idempotencyRecord.findMany({ where: { id: { in: ["idm_expired", "idm_live"] } } })).map((r) => r.id)).toEqual(["idm_live"]);
    expect((await db.loginAttempt.findMany({ where: { id: { in: ["lat_old", "lat_new"] } } })).map((r) => r.id)).toEqual(["lat_new"]);
    expect(await db.auditEvent.count()).toBe(auditsBefore);

    // A second pass finds nothing more to do.
    expect(await pruneRecords(h.ctx, { days: 90, rejectedDays: 7, rejectedKeep: 3 })).toEqual({ deliveries: 0, rejected: 0, idempotency: 0, loginAttempts: 0 });
  });
});
