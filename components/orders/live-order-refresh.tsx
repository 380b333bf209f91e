"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Keeps a server-rendered order page live: it follows the order's event
 * stream (the full order on each change, including refunds settling at the
 * provider) and re-renders the page from the server when the order changes.
 */
export function LiveOrderRefresh({ orderId }: { orderId: string }) {
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource(`/api/terminal/orders/${orderId}/events`);
    let first = true;
    let last = "";
    source.addEventListener("order", (event) => {
      const data = (event as MessageEvent<string>).data;
      // The stream opens with the order as it is now: the page already shows that.
      if (!first && data !== last) router.refresh();
      first = false;
      last = data;
    });
    return () => source.close();
  }, [orderId, router]);
  return null;
}
