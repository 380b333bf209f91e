import { malformedStatement, type StatementImporter } from "./statement-importer";
import { alipayBillImporter } from "./alipay-bill-importer";
import { sandboxCsvImporter } from "./sandbox-csv-importer";
import { wechatBillImporter } from "./wechat-bill-importer";

/** Every statement format Till reads, each recognised by its first line. */
export const STATEMENT_IMPORTERS: readonly StatementImporter[] = [sandboxCsvImporter, wechatBillImporter, alipayBillImporter];

/** The importer whose format a file's first line is in; 422 naming line 1 when none is. */
export function importerFor(firstLine: string): StatementImporter {
  const importer = STATEMENT_IMPORTERS.find((i) => i.recognises(firstLine));
  if (!importer) throw malformedStatement(1, "period", `not a statement format Till reads (${STATEMENT_IMPORTERS.map((i) => i.format).join(", ")})`);
  return importer;
}
