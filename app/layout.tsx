import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { currentLocale } from "./_server/session";
import "./globals.css";

export const metadata: Metadata = { title: { template: "%s · Till", default: "Till" }, description: "QR-code point of sale" };
export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f766e" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await currentLocale();
  return (
    <html lang={locale}>
      <body>{children}</body>
    </html>
  );
}
