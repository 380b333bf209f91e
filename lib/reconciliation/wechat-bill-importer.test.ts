/**
 * WeChat Pay's trade bill (ALL) through the importer interface: the same file
 * read by Till and by the wechatpay-axios-plugin SDK's bill parser, yuan to fen
 * exactly, the summary checked against the lines, and an import into a real
 * SQLite database matched against the payments Till recorded.
 */
import { Formatter } from "wechatpay-axios-plugin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { actorRef } from "@/lib/context";
import { isAppError, type AppError } from "@/lib/errors";
import type { StatementMovement } from "@/lib/providers/types";
import { toDecimalString } from "@/lib/money";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";
import { importStatement } from "./import-statement";
import { bytes, reconciliationHelpers } from "./statement-test-support";
import { importerFor } from "./statement-importers";
import { statementText } from "./statement-text";
import { billUnits, WECHAT_BILL_COLUMNS } from "./wechat-bill-importer";
import { payRow, refundRow, wechatBill, type Row } from "./wechat-bill-test-support";

async function read(text: string, date?: string) {
  const source = await statementText(bytes(text, 11));
  const importer = importerFor(source.firstLine);
  const file = await importer.read(source.text, { date });
  const movements: StatementMovement[] = [];
  for await (const batch of file.movements) movements.push(...batch);
  return { format: importer.format, file, movements };
}

async function readError(text: string, date?: string): Promise<AppError> {
  const error = await read(text, date).then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a 422, got ${String(error)}`);
  return error;
}

describe("yuan → fen, exactly", () => {
  it.each([
    ["0.01", 2, 1], ["0.10", 2, 10], ["0.29", 2, 29], ["19.99", 2, 1999], ["1.1", 2, 110], ["100", 2, 10000], ["10000000.00", 2, 1_000_000_000],
    ["-0.01", 2, -1], ["-0.00", 2, 0], ["0.00", 2, 0], ["999999999999.99", 2, 99_999_999_999_999], ["0.01000", 5, 1000], ["0.00001", 5, 1], ["1.23456", 5, 123456],
  ])("%s with %i decimals is %i", (text, decimals, units) => {
    expect(billUnits(text, decimals)).toBe(units);
  });

  it.each([["1.005", 2], ["0.000001", 5], ["1e2", 2], [".5", 2], ["", 2], ["1,000.00", 2], ["¥1.00", 2], ["+1.00", 2], [" 1.00", 2], ["1.", 2], ["1234567890123.00", 2]])("%s with %i decimals is refused", (text, decimals) => {
    expect(billUnits(text, decimals)).toBeNull();
  });
});

describe("reading a trade bill", () => {
  const rows = [
    payRow({ time: "2026-11-27 09:15:02", txn: "4200000001202611270000000001", ref: "01JDX5Q7M8N9P0R1S2T3V4W5X6", total: "23.50", fee: "0.14000" }),
    payRow({ time: "2026-11-27 23:59:59", txn: "4200000001202611270000000002", ref: "01JDX5Q7M8N9P0R1S2T3V4W5X7", total: "0.01", settle: "0.01" }),
    refundRow({ time: "2026-11-27 12:00:00", txn: "4200000001202611270000000001", ref: "01JDX5Q7M8N9P0R1S2T3V4W5X6", refundId: "50300000012026112700000000001", refundKey: "rf_01JDX6AAAAAAAAAAAAAAAAAAAA", amount: "5.00", fee: "-0.03000" }),
    refundRow({ time: "2026-11-27 12:30:00", txn: "4200000001202611270000000001", ref: "01JDX5Q7M8N9P0R1S2T3V4W5X6", refundId: "50300000012026112700000000002", refundKey: "rf_01JDX6BBBBBBBBBBBBBBBBBBBB", amount: "1.00", status: "PROCESSING" }),
  ];

  /** The summary of `rows`, added up by hand. */
  const SUMMARY = ["4", "23.51", "6.00", "0.00", "0.11000", "23.51", "6.00"];
  const EMPTY = ["0", "0.00", "0.00", "0.00", "0.00000", "0.00", "0.00"];
  const bill = () => wechatBill(rows, SUMMARY);

  it("recognised by its header; payments at 订单金额 and refunds at 申请退款金额 in fen; the China day is the period", async () => {
    const { format, file, movements } = await read(bill(), "2026-11-27");
    expect(format).toBe("wechat_tradebill");
    expect(file.day).toBe("2026-11-27");
    expect(file.period).toEqual({ start: new Date("2026-11-26T16:00:00Z"), end: new Date("2026-11-27T16:00:00Z") });
    expect(movements).toEqual([
      { lineNo: 2, time: new Date("2026-11-27T01:15:02Z"), type: "PAYMENT", providerChargeId: "01JDX5Q7M8N9P0R1S2T3V4W5X6", merchantRef: "01JDX5Q7M8N9P0R1S2T3V4W5X6", providerPaymentId: "4200000001202611270000000001", providerRefundId: null, amount: 2350, fee: 14, net: 2336, currency: "CNY" },
      { lineNo: 3, time: new Date("2026-11-27T15:59:59Z"), type: "PAYMENT", providerChargeId: "01JDX5Q7M8N9P0R1S2T3V4W5X7", merchantRef: "01JDX5Q7M8N9P0R1S2T3V4W5X7", providerPaymentId: "4200000001202611270000000002", providerRefundId: null, amount: 1, fee: 0, net: 1, currency: "CNY" },
      { lineNo: 4, time: new Date("2026-11-27T04:00:00Z"), type: "REFUND", providerChargeId: "01JDX5Q7M8N9P0R1S2T3V4W5X6", merchantRef: "01JDX5Q7M8N9P0R1S2T3V4W5X6", providerPaymentId: "4200000001202611270000000001", providerRefundId: "50300000012026112700000000001", amount: 500, fee: 3, net: -500, currency: "CNY" },
    ]);
  });

  it("the SDK's bill parser reads the same file to the same ids and amounts", async () => {
    const text = bill();
    const parsed = z
      .object({ rows: z.array(z.record(z.string(), z.string())), summary: z.record(z.string(), z.string()) })
      .parse(Formatter.castCsvBill(Buffer.from(text, "utf8")));
    const { movements } = await read(text, "2026-11-27");
    const sdkMovements = parsed.rows.filter((r) => r["交易状态"] === "SUCCESS" || r["退款状态"] === "SUCCESS");
    expect(movements.map((m) => [m.providerPaymentId, m.providerRefundId ?? "0", toDecimalString(m.amount, "CNY")])).toEqual(
      sdkMovements.map((r) => [r["微信订单号"], r["微信退款单号"], r["交易状态"] === "SUCCESS" ? r["订单金额"] : r["申请退款金额"]]),
    );
    expect(parsed.summary["总交易单数"]).toBe("4");
    expect(parsed.summary["订单总金额"]).toBe("23.51");
  });

  it("without a date the day is the first line's; a bill without lines then needs one", async () => {
    expect((await read(bill())).file.day).toBe("2026-11-27");
    const empty = await readError(wechatBill([], EMPTY));
    expect(empty.errors).toEqual([{ path: "date", message: "required" }]);
    expect((await read(wechatBill([], EMPTY), "2026-11-27")).movements).toEqual([]);
  });

  it("a summary that disagrees with the lines is 422 naming the summary's line and column", async () => {
    const wrongTotal = [...SUMMARY];
    wrongTotal[5] = "23.52";
    const error = await readError(wechatBill(rows, wrongTotal), "2026-11-27");
    expect(error.status).toBe(422);
    expect(error.extra).toEqual({ line: 7, column: "订单总金额" });
    expect(error.message).toContain("the lines add up to 23.51");
    const wrongCount = [...SUMMARY];
    wrongCount[0] = "3";
    expect((await readError(wechatBill(rows, wrongCount), "2026-11-27")).extra).toEqual({ line: 7, column: "总交易单数" });
    const wrongFee = [...SUMMARY];
    wrongFee[4] = "0.11001";
    expect((await readError(wechatBill(rows, wrongFee), "2026-11-27")).extra).toEqual({ line: 7, column: "手续费总金额" });
  });

  it("malformed files are 422 naming the line and the column", async () => {
    const bad = async (row: Row, column: string) => expect((await readError(wechatBill([rows[0]!, row], ["2", "23.51", "0.00", "0.00", "0.14000", "23.51", "0.00"]), "2026-11-27")).extra).toEqual({ line: 3, column });
    await bad({ ...rows[1], 订单金额: "0.015" }, "订单金额");
    await bad({ ...rows[1], 手续费: "0.00600" }, "手续费");
    await bad({ ...rows[1], 交易时间: "2026-02-30 10:00:00" }, "交易时间");
    await bad({ ...rows[1], 交易时间: "2026-11-28 00:00:00" }, "交易时间");
    await bad({ ...rows[1], 交易状态: "NOTPAY" }, "交易状态");
    await bad({ ...rows[1], 微信订单号: "" }, "微信订单号");
    await bad({ ...rows[1], 订单金额: "0.00", 应结订单金额: "0.00" }, "订单金额");
    expect((await readError(wechatBill(rows, SUMMARY, { tail: "`1,`2\r\n" }), "2026-11-27")).extra).toEqual({ line: 8, column: "总交易单数" });
    const noSummary = `\uFEFF${WECHAT_BILL_COLUMNS.join(",")}\r\n`;
    expect((await readError(noSummary, "2026-11-27")).extra).toEqual({ line: 2, column: "总交易单数" });
    const successBill = wechatBill([], EMPTY, { header: WECHAT_BILL_COLUMNS.filter((c) => c !== "费率备注").join(",") });
    expect((await readError(successBill, "2026-11-27")).extra).toEqual({ line: 1, column: "交易时间" });
    const split = bill().replace("`NATIVE,`SUCCESS", "NATIVE,SUCCESS");
    expect((await readError(split, "2026-11-27")).extra).toMatchObject({ line: 2 });
  });

  it("revoked lines and refunds not yet SUCCESS are no movements, but count in the summary", async () => {
    const revoked = { ...rows[1], 交易状态: "REVOKED", 微信订单号: "4200000001202611270000000003" };
    const { movements } = await read(wechatBill([...rows, revoked], ["5", "23.52", "6.00", "0.00", "0.11000", "23.52", "6.00"]), "2026-11-27");
    expect(movements.map((m) => m.lineNo)).toEqual([2, 3, 4]);
  });
});

describe("importing a trade bill", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());
  const helpers = reconciliationHelpers(() => h);

  it("a bill that agrees with Till: the payment matched, fee stored, the import dated by the bill's China day", async () => {
    const p = await helpers.paidOrder(2350, "2026-03-01T17:30:00Z");
    const text = wechatBill([payRow({ time: "2026-03-02 01:30:00", txn: p.providerPaymentId, ref: p.providerRef, total: "23.50", fee: "0.14000" })], ["1", "23.50", "0.00", "0.00", "0.14000", "23.50", "0.00"]);
    const result = await helpers.importText(text, "2026-03-02");
    expect(result).toMatchObject({ day: "2026-03-02", lines: 1, added: 1, matched: 1, discrepanciesOpened: 0, repeated: false });
    expect(await h.ctx.db.statementImport.findUniqueOrThrow({ where: { id: result.importId } })).toMatchObject({ format: "wechat_tradebill", day: "2026-03-02" });
    expect(await h.ctx.db.payment.findUniqueOrThrow({ where: { id: p.paymentId! } })).toMatchObject({ fee: 14, net: 2336 });
  });

  it("a bill whose summary disagrees keeps nothing: no import, no line", async () => {
    const p = await helpers.paidOrder(990, "2026-03-03T02:00:00Z");
    const row = payRow({ time: "2026-03-03 10:00:00", txn: p.providerPaymentId, ref: p.providerRef, total: "9.90" });
    const summary = ["1", "9.91", "0.00", "0.00", "0.00000", "9.90", "0.00"];
    const lines = await h.ctx.db.statementLine.count();
    const account = await helpers.account();
    const error = await appErrorOf(importStatement(h.ctx, { storeId: h.owner.storeId, account, importedBy: actorRef(h.owner), body: bytes(wechatBill([row], summary), 5), date: "2026-03-03" }));
    expect(error.extra).toEqual({ line: 4, column: "应结订单总金额" });
    expect(await h.ctx.db.statementLine.count()).toBe(lines);
    expect(await h.ctx.db.statementImport.count({ where: { day: "2026-03-03" } })).toBe(0);
  });
});
