/** Reads prisma/schema.prisma for the schema-drift tests (lib/db/schema-drift*.test.ts). */

export type ParsedField = { name: string; type: string; optional: boolean; list: boolean; attributes: string };
export type ParsedModel = {
  name: string;
  scalars: ParsedField[];
  relations: { field: string; fields: string[]; references: string[]; target: string; optional: boolean; onDelete: string | null }[];
  uniques: string[][];
  indexes: string[][];
  id: string[];
};

/** A line parser for the subset of the Prisma schema language Till uses. */
export function parseSchema(text: string): ParsedModel[] {
  const models: ParsedModel[] = [];
  const modelNames = new Set([...text.matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1]!));
  let current: ParsedModel | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\/\/.*$/, "").trim();
    if (!line) continue;
    const open = /^model\s+(\w+)\s*\{$/.exec(line);
    if (open) {
      current = { name: open[1]!, scalars: [], relations: [], uniques: [], indexes: [], id: [] };
      models.push(current);
      continue;
    }
    if (!current) continue;
    if (line === "}") {
      current = null;
      continue;
    }
    const block = /^@@(unique|index|id)\(\s*\[([^\]]*)\]/.exec(line);
    if (block) {
      const cols = block[2]!.split(",").map((c) => c.trim().replace(/\(.*$/, ""));
      if (block[1] === "unique") current.uniques.push(cols);
      else if (block[1] === "index") current.indexes.push(cols);
      else current.id = cols;
      continue;
    }
    const field = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
    if (!field) throw new Error(`schema.prisma: cannot read line in model ${current.name}: ${raw}`);
    const [, name, type, list, optional, attributes] = field as unknown as [string, string, string, string | undefined, string | undefined, string];
    if (modelNames.has(type)) {
      const rel = /@relation\(([^)]*(?:\([^)]*\))?[^)]*)\)/.exec(attributes);
      if (rel) {
        const fields = /fields:\s*\[([^\]]*)\]/.exec(rel[1]!)?.[1]?.split(",").map((s) => s.trim()) ?? [];
        const references = /references:\s*\[([^\]]*)\]/.exec(rel[1]!)?.[1]?.split(",").map((s) => s.trim()) ?? [];
        const onDelete = /onDelete:\s*(\w+)/.exec(rel[1]!)?.[1] ?? null;
        current.relations.push({ field: name, fields, references, target: type, optional: Boolean(optional), onDelete });
      }
      continue;
    }
    current.scalars.push({ name, type, optional: Boolean(optional), list: Boolean(list), attributes });
    if (/@id\b/.test(attributes)) current.id = [name];
    if (/@unique\b/.test(attributes)) current.uniques.push([name]);
  }
  return models;
}
