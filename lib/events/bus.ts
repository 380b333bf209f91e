import { EventEmitter } from "node:events";

/** What the cashier's screen needs to know: an order changed; read it again. */
export type OrderChanged = { type: "order.changed"; orderId: string; storeId: string; status: string };
export type TillEvent = OrderChanged;

/**
 * Publish/subscribe for live screens. In-process by default; with several app
 * instances on one PostgreSQL database, an implementation over LISTEN/NOTIFY
 * takes its place behind the same interface. Events carry ids, not state: a
 * subscriber re-reads the order, so a missed or repeated event is harmless.
 */
export interface EventBus {
  publish(event: TillEvent): void;
  subscribe(topic: string, listener: (event: TillEvent) => void): () => void;
  /** How many subscriptions are open (one per live screen): the soak test checks they all end. */
  listenerCount(): number;
}

export function orderTopic(orderId: string): string {
  return `order:${orderId}`;
}

export function storeTopic(storeId: string): string {
  return `store:${storeId}`;
}

export class InProcessBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open cashier screen holds a listener; there is no leak to warn of.
    this.emitter.setMaxListeners(0);
  }

  publish(event: TillEvent): void {
    this.emitter.emit(orderTopic(event.orderId), event);
    this.emitter.emit(storeTopic(event.storeId), event);
  }

  subscribe(topic: string, listener: (event: TillEvent) => void): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }

  listenerCount(): number {
    return this.emitter.eventNames().reduce((sum, name) => sum + this.emitter.listenerCount(name), 0);
  }
}
