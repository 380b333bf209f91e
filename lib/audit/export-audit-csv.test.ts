import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";
import { csvCell } from "@/lib/csv/csv-writer";
import { exportAuditCsv } from "./export-audit-csv";
import { recordAudit } from "./record-audit";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function csvOf(filter: { action?: string }): Promise<string> {
  let text = "";
  for await (const chunk of exportAuditCsv(h.ctx, { storeId: h.owner.storeId, timeZone: "Asia/Shanghai", ...filter })) text += chunk;
  return text;
}

describe("exportAuditCsv", () => {
  it("is UTF-8 with a BOM, one line per entry newest first, names the actor and terminal, and never holds a secret", async () => {
    const at = new Date();
    for (let i = 0; i < 3; i += 1) {
      await h.ctx.db.$transaction((tx) =>
        recordAudit(
          tx,
          { storeId: h.owner.storeId, actor: `api_key:${h.owner.id}`, terminalId: h.owner.terminalId, action: "test.csv", entityType: "store", entityId: `e${i}`, data: { note: `王芳, "quoted" ${i}`, apiKey: "tk_secret_value" } },
          new Date(at.getTime() + i),
        ),
      );
    }
    const csv = await csvOf({ action: "test.csv" });
    expect(csv.startsWith("\uFEFFtime_utc,actor,actor_name,terminal,action,entity_type,entity_id,details\r\n")).toBe(true);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(",e2,");
    expect(lines[3]).toContain(",e0,");
    expect(lines[1]).toContain("T1 · ");
    // The details are JSON (quotes escaped), then quoted for CSV (quotes doubled).
    expect(lines[1]).toContain('"{""note"":""王芳, \\""quoted\\"" 2""');
    expect(csv).not.toContain("tk_secret_value");
  });

  it("quotes what needs quoting and never lets a spreadsheet read a formula", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("-1+1")).toBe("'-1+1");
    expect(csvCell(null)).toBe("");
  });
});
