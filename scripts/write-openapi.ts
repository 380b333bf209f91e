/** Writes Till's OpenAPI document (generated from the zod schemas) to a file, for `npm run lint:openapi`. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openApiDocument } from "@/lib/api/openapi";

const out = process.argv[2] ?? "data/openapi.json";
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`Wrote ${out}`);
