/**
 * The browser's code stays the browser's: no client component ("use client")
 * reaches, through the modules it imports, a Node.js built-in or a server-only
 * package (the database drivers, Prisma, the logger). Turbopack drops such
 * imports when nothing the client uses needs them, so the build passes; but a
 * constant read from a server module then depends on tree shaking to keep
 * ids, SQL and secrets out of the bundle. Server actions ("use server") are a
 * boundary: the client gets a reference to them, not their code. Type-only
 * imports are erased and not followed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const SERVER_ONLY = [/^node:/, /^(fs|path|crypto|net|stream|zlib|worker_threads|child_process|events)$/, /^better-sqlite3$/, /^pg$/, /^pino/, /^@prisma\//, /generated\/prisma/];

const source = (file: string) => readFileSync(file, "utf8");
const directive = (file: string, name: string) => new RegExp(`^\\s*["']${name}["']`).test(source(file));

/** The modules a file loads at run time: value imports, re-exports and dynamic imports. */
function runtimeImports(file: string): string[] {
  const text = source(file);
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+["']([^"']+)["']/gms)) {
    if (m[2]) continue;
    // `import { type A, type B } from` is erased too; `import X, { type A }` is not.
    const clause = m[3]!;
    const names = /\{([^}]*)\}/.exec(clause)?.[1];
    const beforeBraces = clause.split("{")[0]!.trim();
    const onlyTypes = names !== undefined && beforeBraces === "" && names.split(",").every((n) => !n.trim() || n.trim().startsWith("type "));
    if (!onlyTypes) found.push(m[4]!);
  }
  for (const m of text.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) found.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) found.push(m[1]!);
  return found;
}

function resolveLocal(from: string, spec: string): string | null {
  const base = spec.startsWith("@/") ? path.join(ROOT, spec.slice(2)) : spec.startsWith(".") ? path.join(path.dirname(from), spec) : null;
  if (!base) return null;
  for (const ext of ["", ".ts", ".tsx", "/index.ts", "/index.tsx"]) {
    const file = base + ext;
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

/** Each chain from `start` to a server-only module, as "a > b > module". */
function serverChains(start: string): string[] {
  const chains: string[] = [];
  const seen = new Set<string>();
  const walk = (file: string, trail: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(file)) {
      if (SERVER_ONLY.some((p) => p.test(spec))) {
        chains.push([...trail, spec].join(" > "));
        continue;
      }
      const next = resolveLocal(file, spec);
      if (next && !directive(next, "use server")) walk(next, [...trail, path.relative(ROOT, next)]);
    }
  };
  walk(start, [path.relative(ROOT, start)]);
  return chains;
}

const clientModules = execFileSync("git", ["ls-files", "app", "components"], { cwd: ROOT, encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
  .map((f) => path.join(ROOT, f))
  .filter((f) => existsSync(f) && directive(f, "use client"));

describe("client components' imports", () => {
  it("the check sees a server module's chain (lib/ids.ts uses node:crypto)", () => {
    expect(clientModules.length).toBeGreaterThan(30);
    const chains = serverChains(path.join(ROOT, "lib/reconciliation/open-discrepancy.ts"));
    expect(chains.some((c) => c.startsWith("lib/reconciliation/open-discrepancy.ts > ") && c.endsWith(" > lib/ids.ts > node:crypto"))).toBe(true);
  });

  it("none reaches a Node.js built-in or a server-only package", () => {
    expect(clientModules.flatMap(serverChains)).toEqual([]);
  });
});
