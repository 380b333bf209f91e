"use client";

import { useEffect, useId, useRef } from "react";

/**
 * The camera, reading QR codes with html5-qrcode. The library is loaded only
 * when this component mounts (a dynamic import), so no other page carries it.
 * Each decoded text is handed to `onText`; a camera that cannot start calls
 * `onUnavailable` (no device, permission refused, insecure page).
 */
export function CameraScanner({ onText, onUnavailable }: { onText: (text: string) => void; onUnavailable: () => void }) {
  const id = `camera-${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  const handlers = useRef({ onText, onUnavailable });
  useEffect(() => {
    handlers.current = { onText, onUnavailable };
  });
  useEffect(() => {
    let stopped = false;
    let scanner: { stop: () => Promise<void>; isScanning: boolean } | null = null;
    void (async () => {
      try {
        const { Html5Qrcode } = await import("html5-qrcode");
        if (stopped) return;
        const camera = new Html5Qrcode(id, { verbose: false });
        scanner = camera;
        await camera.start({ facingMode: "environment" }, { fps: 10, qrbox: { width: 240, height: 240 } }, (text) => handlers.current.onText(text), () => undefined);
        if (stopped) await camera.stop();
      } catch {
        if (!stopped) handlers.current.onUnavailable();
      }
    })();
    return () => {
      stopped = true;
      if (scanner?.isScanning) void scanner.stop().catch(() => undefined);
    };
  }, [id]);
  return <div id={id} className="aspect-square w-full max-w-sm overflow-hidden rounded-xl bg-black" data-testid="camera" />;
}
