"use client";

import { useEffect, useState } from "react";
import type { OrderJson } from "@/lib/orders/order-json";

/**
 * Follows an order over Server-Sent Events. EventSource reconnects by itself
 * after a network drop, and the server sends the full current order on every
 * connection, so the screen is never left showing a stale state.
 */
export function useOrderStream(initial: OrderJson): { order: OrderJson; online: boolean; setOrder: (o: OrderJson) => void } {
  const [order, setOrder] = useState(initial);
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const source = new EventSource(`/api/terminal/orders/${initial.id}/events`);
    source.addEventListener("order", (event) => {
      setOnline(true);
      setOrder(JSON.parse((event as MessageEvent<string>).data) as OrderJson);
    });
    source.onerror = () => setOnline(false);
    source.onopen = () => setOnline(true);
    return () => source.close();
  }, [initial.id]);
  return { order, online, setOrder };
}
