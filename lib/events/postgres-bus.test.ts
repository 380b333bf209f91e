/**
 * The LISTEN/NOTIFY bus: two buses on one PostgreSQL database stand for two
 * Till servers. An event published on one reaches the other's subscribers,
 * once each, and a listener killed by the server comes back.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, dropDatabase, pgUrl, testDatabaseName } from "@/test/postgres";
import { orderTopic, storeTopic, type TillEvent } from "./bus";
import { PostgresBus } from "./postgres-bus";

const event = (orderId: string): TillEvent => ({ type: "order.changed", orderId, storeId: "store-1", status: "PAID" });

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("PostgresBus", () => {
  const name = testDatabaseName("bus");
  let a: PostgresBus;
  let b: PostgresBus;

  beforeAll(async () => {
    await createDatabase(name);
    a = new PostgresBus(pgUrl(name), { backoffMs: 20, onError: () => undefined });
    b = new PostgresBus(pgUrl(name), { backoffMs: 20, onError: () => undefined });
    await Promise.all([a.ready(), b.ready()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await dropDatabase(name);
  });

  it("delivers an event published on server A to a subscriber on server B, and once to A's own", async () => {
    const onB: TillEvent[] = [];
    const onA: TillEvent[] = [];
    const offB = b.subscribe(orderTopic("o-1"), (e) => onB.push(e));
    const offStore = b.subscribe(storeTopic("store-1"), (e) => onB.push(e));
    const offA = a.subscribe(orderTopic("o-1"), (e) => onA.push(e));
    a.publish(event("o-1"));
    expect(onA).toEqual([event("o-1")]); // at once, locally
    await until(() => onB.length === 2);
    expect(onB).toEqual([event("o-1"), event("o-1")]); // the order's topic and the store's
    await new Promise((r) => setTimeout(r, 200));
    expect(onA).toHaveLength(1); // its own notification is not delivered a second time
    expect(onB).toHaveLength(2);
    offA();
    offB();
    offStore();
    expect(a.listenerCount() + b.listenerCount()).toBe(0);
  });

  it("listens again after the server terminates the listening connection", async () => {
    const before = b.connects;
    const admin = new pg.Client({ connectionString: pgUrl(name) });
    await admin.connect();
    try {
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query = $2",
        [name, "LISTEN till_events"],
      );
      expect(killed.rowCount).toBe(2); // A's listener and B's
    } finally {
      await admin.end();
    }
    await until(() => b.connects > before);
    await b.ready();
    const onB: TillEvent[] = [];
    const off = b.subscribe(orderTopic("o-2"), (e) => onB.push(e));
    await until(() => a.connects > 1);
    a.publish(event("o-2"));
    await until(() => onB.length === 1);
    off();
  });
});
