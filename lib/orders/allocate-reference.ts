import type { Db } from "@/lib/db/client";

/**
 * The next people-facing reference of a terminal, e.g. "T1-000123". Taken in
 * its own short transaction before the provider is called; a sale that then
 * fails leaves a gap in the numbers, never a duplicate.
 */
export async function allocateReference(db: Db, terminalId: string): Promise<string> {
  const terminal = await db.terminal.update({ where: { id: terminalId }, data: { nextSeq: { increment: 1 } } });
  return `${terminal.code}-${String(terminal.nextSeq - 1).padStart(6, "0")}`;
}
