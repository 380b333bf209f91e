import type { MetadataRoute } from "next";

/**
 * The web app manifest (served at /manifest.webmanifest and linked from every
 * page by Next.js), so that a counter tablet can install Till and open it
 * without browser chrome. The icons come from scripts/render-app-icons.ts.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Till",
    short_name: "Till",
    description: "QR-code point of sale",
    start_url: "/sale",
    scope: "/",
    // A counter tablet runs Till full-screen; a browser that cannot falls back to standalone by itself.
    display: "fullscreen",
    // --color-brand in app/globals.css, and the page background (Tailwind's slate-100) behind the splash screen.
    theme_color: "#0f766e",
    background_color: "#f1f5f9",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
