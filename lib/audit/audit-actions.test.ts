import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";
import { AUDIT_ACTIONS, isAuditAction } from "./audit-actions";

/** Every source file of lib/, tests and generated code left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("audit actions", () => {
  it("each is listed once, as <entity>.<verb>", () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  it("each has a label for the audit log's filter in both languages", () => {
    for (const [language, catalogue] of [["en", en], ["zh-CN", zh]] as const) {
      const labels: Record<string, string> = catalogue.adminAudit.actions;
      const missing = AUDIT_ACTIONS.filter((action) => !labels[action.replace(".", "_")]);
      expect(missing, `${language} has no label for`).toEqual([]);
    }
  });

  it("every action written literally where lib/ records audit entries is one of them (the type checks the rest)", () => {
    const written = new Set<string>();
    for (const file of sources(path.join(process.cwd(), "lib"))) {
      for (const match of readFileSync(file, "utf8").matchAll(/\baction: (?:before \? )?"([a-z_]+\.[a-z_]+)"(?: : "([a-z_]+\.[a-z_]+)")?/g)) {
        for (const action of [match[1], match[2]]) if (action) written.add(action);
      }
    }
    expect(written.size).toBeGreaterThan(25);
    expect([...written].filter((action) => !isAuditAction(action))).toEqual([]);
  });
});
