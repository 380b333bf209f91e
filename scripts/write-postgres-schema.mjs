// Derives Till's PostgreSQL Prisma schema from prisma/schema.prisma, the one
// source of truth: the same models, provider postgresql, its client generated
// into lib/generated/prisma-pg. Run by `npm run db:generate`.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const source = fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");

const replace = (text, from, to) => {
  if (!from.test(text)) throw new Error(`prisma/schema.prisma no longer has ${from}`);
  return text.replace(from, to);
};
let schema = replace(source, /(datasource db \{\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
schema = replace(schema, /(output\s*=\s*)"\.\.\/lib\/generated\/prisma"/, '$1"../../lib/generated/prisma-pg"');

const out = path.join(root, "prisma/postgres/schema.prisma");
fs.writeFileSync(out, `// Generated from prisma/schema.prisma by scripts/write-postgres-schema.mjs: do not edit.\n${schema}`);
