"use client";

import { useEffect, useState } from "react";

/** The server sends a ping every 15 s; silence for this long means the connection is dead. */
const SILENCE_MS = 40_000;

/**
 * Follows an order over Server-Sent Events. The server sends the full current
 * order on every connection, so a screen that reconnects is never left stale.
 * EventSource retries by itself after an error; a tablet that loses its Wi-Fi
 * (the browser's offline event) or a connection gone silent is reconnected
 * explicitly, because a dead TCP connection may otherwise go unnoticed.
 */
export function useOrderStream<T>(url: string, initial: T): { order: T; online: boolean; setOrder: (o: T) => void } {
  const [order, setOrder] = useState(initial);
  const [online, setOnline] = useState(true);
  useEffect(() => {
    let source: EventSource | null = null;
    let lastHeard = Date.now();
    const connect = () => {
      source?.close();
      lastHeard = Date.now();
      source = new EventSource(url);
      source.addEventListener("order", (event) => {
        lastHeard = Date.now();
        setOnline(true);
        setOrder(JSON.parse((event as MessageEvent<string>).data) as T);
      });
      source.addEventListener("ping", () => (lastHeard = Date.now()));
      source.onerror = () => setOnline(false);
    };
    const goOffline = () => {
      setOnline(false);
      source?.close();
      source = null;
    };
    const watchdog = setInterval(() => {
      if (source && Date.now() - lastHeard > SILENCE_MS) connect();
    }, 5_000);
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", connect);
    connect();
    return () => {
      clearInterval(watchdog);
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", connect);
      source?.close();
    };
  }, [url]);
  return { order, online, setOrder };
}
