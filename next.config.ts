import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { API_CSP, STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Native SQLite bindings are loaded by Node at run time, never bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "pino", "pino-pretty"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Types are checked once by `npm run typecheck` (part of `npm test`), not again on every build.
  typescript: { ignoreBuildErrors: true },
  // Every answer; a page's Content-Security-Policy (with its nonce) comes from proxy.ts.
  headers() {
    return Promise.resolve([
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ]);
  },
};

// next-intl reads its request configuration (the locale and its messages) from i18n/request.ts.
export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);
