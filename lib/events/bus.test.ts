import { describe, expect, it } from "vitest";
import { InProcessBus } from "./bus";

describe("InProcessBus", () => {
  it("counts open subscriptions across topics, and each unsubscribe gives one back", () => {
    const bus = new InProcessBus();
    const seen: string[] = [];
    const offOrder = bus.subscribe("order:a", (e) => seen.push(`order ${e.status}`));
    const offStore = bus.subscribe("store:s", (e) => seen.push(`store ${e.status}`));
    const offOther = bus.subscribe("order:b", () => seen.push("other"));
    expect(bus.listenerCount()).toBe(3);
    bus.publish({ type: "order.changed", orderId: "a", storeId: "s", status: "paid" });
    expect(seen).toEqual(["order paid", "store paid"]);
    offOrder();
    offOther();
    expect(bus.listenerCount()).toBe(1);
    offStore();
    offStore();
    expect(bus.listenerCount()).toBe(0);
  });
});
