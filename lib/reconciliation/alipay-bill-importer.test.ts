/**
 * Alipay's business-detail bill (业务明细), GBK, read through the statement
 * importer interface: detected from its first line, its ids' trailing TABs
 * dropped, refunds negative, the footer totals checked; and imported against a
 * real SQLite file, matched to the payment Till recorded.
 */
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorRef } from "@/lib/context";
import { isAppError, type AppError } from "@/lib/errors";
import { businessDetailBill } from "@/lib/providers/alipay/alipay-test-support";
import type { StatementMovement } from "@/lib/providers/types";
import { startHarness, type Harness } from "@/test/harness";
import { importStatement } from "./import-statement";
import { reconciliationHelpers } from "./statement-test-support";
import { importerFor } from "./statement-importers";
import { statementText } from "./statement-text";

/** Bytes in small chunks, so that GBK's two-byte characters straddle them. */
async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) {
    await Promise.resolve();
    yield bytes.subarray(i, i + size);
  }
}

async function read(bill: Buffer, options: { date?: string; chunk?: number } = {}) {
  const source = await statementText(chunks(bill, options.chunk ?? 7));
  const importer = importerFor(source.firstLine);
  const file = await importer.read(source.text, { date: options.date });
  const movements: StatementMovement[] = [];
  for await (const batch of file.movements) movements.push(...batch);
  return { format: importer.format, period: file.period, movements };
}

async function refusal(bill: Buffer, date?: string): Promise<AppError> {
  const error: unknown = await read(bill, { date }).catch((e: unknown) => e);
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const TRADE = "2026112722001458860515315453";
const lines: Parameters<typeof businessDetailBill>[1] = [
  [TRADE, "ord_a", "交易", "2026-11-27 10:34:19", "88.80", "88.80", "", "-0.53"],
  ["2026112722001458860515315454", "ord_b", "交易", "2026-11-27 23:59:59", "0.01", "0.01", "", "0.00"],
  [TRADE, "ord_a", "退款", "2026-11-27 11:00:00", "-10.00", "-10.00", "rfk_1", "0.06"],
];

describe("the Alipay business-detail bill", () => {
  it("is recognised from its GBK first line and read into movements, in China Standard Time", async () => {
    for (const chunk of [1, 7, 4096]) {
      const { format, period, movements } = await read(businessDetailBill("2026-11-27", lines), { chunk });
      expect(format).toBe("alipay_business_detail");
      expect(period).toEqual({ start: new Date("2026-11-26T16:00:00Z"), end: new Date("2026-11-27T16:00:00Z") });
      expect(movements).toEqual([
        { lineNo: 6, time: new Date("2026-11-27T02:34:19Z"), type: "PAYMENT", providerChargeId: "ord_a", merchantRef: "ord_a", providerPaymentId: TRADE, providerRefundId: null, amount: 8880, fee: 53, net: 8827, currency: "CNY" },
        { lineNo: 7, time: new Date("2026-11-27T15:59:59Z"), type: "PAYMENT", providerChargeId: "ord_b", merchantRef: "ord_b", providerPaymentId: "2026112722001458860515315454", providerRefundId: null, amount: 1, fee: 0, net: 1, currency: "CNY" },
        { lineNo: 8, time: new Date("2026-11-27T03:00:00Z"), type: "REFUND", providerChargeId: "ord_a", merchantRef: "ord_a", providerPaymentId: TRADE, providerRefundId: `${TRADE}:rfk_1`, amount: 1000, fee: 0, net: -994, currency: "CNY" },
      ]);
    }
  });

  it("is refused when a footer total disagrees with the lines, naming the footer line", async () => {
    const trades = await refusal(businessDetailBill("2026-11-27", lines, { trades: "88.80", refunds: "-10.00" }));
    expect(trades.status).toBe(422);
    expect(trades.message).toMatch(/^line 10, column footer: #交易合计 says 2 lines and 88.80 yuan, the bill's lines add up to 2 and 88.81/);
    const refunds = await refusal(businessDetailBill("2026-11-27", lines, { trades: "88.81", refunds: "-10.01" }));
    expect(refunds.message).toMatch(/^line 11, column footer: #退款合计/);
  });

  it("is refused when it is cut short before its footer", async () => {
    const whole = iconv.decode(businessDetailBill("2026-11-27", lines), "gbk");
    const cut = iconv.encode(whole.slice(0, whole.indexOf("#---------------------------------------" + "--业务明细列表结束")), "gbk");
    expect((await refusal(cut)).message).toMatch(/cut short/);
  });

  it("is refused naming the line and column of a malformed cell", async () => {
    const bad = (line: (typeof lines)[number]) => businessDetailBill("2026-11-27", [lines[0]!, line]);
    expect((await refusal(bad([TRADE, "ord_c", "交易", "2026-11-27 10:00:00", "1.555", "1.555", "", "0.00"]))).message).toMatch(/^line 7, column 订单金额（元）/);
    expect((await refusal(bad([TRADE, "ord_c", "交易", "2026-11-27 10:00:00", "1e2", "1e2", "", "0.00"]))).message).toMatch(/^line 7, column 订单金额（元）/);
    expect((await refusal(bad([TRADE, "ord_c", "退款", "2026-11-27 10:00:00", "1.00", "1.00", "rfk_9", "0.00"]))).message).toMatch(/^line 7, column 订单金额（元）: must be below 0 on a refund/);
    expect((await refusal(bad([TRADE, "ord_c", "退款", "2026-11-27 10:00:00", "-1.00", "-1.00", "", "0.00"]))).message).toMatch(/^line 7, column 退款批次号\/请求号/);
    expect((await refusal(bad([TRADE, "ord_c", "冻结", "2026-11-27 10:00:00", "1.00", "1.00", "", "0.00"]))).message).toMatch(/^line 7, column 业务类型/);
    expect((await refusal(bad([TRADE, "ord_c", "交易", "2026-11-28 00:00:00", "1.00", "1.00", "", "0.00"]))).message).toMatch(/^line 7, column 完成时间: outside the bill's period/);
  });

  it("is refused for another day than the caller names", async () => {
    expect((await refusal(businessDetailBill("2026-11-27", lines), "2026-11-26")).message).toMatch(/^date: 2026-11-26 is not the day the bill covers \(2026-11-27/);
    await expect(read(businessDetailBill("2026-11-27", lines), { date: "2026-11-27" })).resolves.toMatchObject({ format: "alipay_business_detail" });
  });

  it("is refused with a header in another layout", async () => {
    const text = iconv.decode(businessDetailBill("2026-11-27", lines), "gbk").replace("订单金额（元）", "订单金额(元)");
    expect((await refusal(iconv.encode(text, "gbk"))).message).toMatch(/^line 5, column 订单金额（元）/);
  });
});

describe("importing an Alipay bill", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());
  const { account, paidOrder } = reconciliationHelpers(() => h);

  it("matches its trade to the payment Till recorded and stores Alipay's fee on it; the same file again changes nothing", async () => {
    const p = await paidOrder(8880, "2026-07-15T02:00:00Z");
    const bill = businessDetailBill("2026-07-15", [[p.providerPaymentId, p.providerRef, "交易", "2026-07-15 10:00:00", "88.80", "88.80", "", "-0.53"]]);
    const run = async () => importStatement(h.ctx, { storeId: h.owner.storeId, account: await account(), importedBy: actorRef(h.owner), body: chunks(bill, 13), date: "2026-07-15" });
    expect(await run()).toMatchObject({ day: "2026-07-15", lines: 1, added: 1, matched: 1, discrepanciesOpened: 0, repeated: false });
    expect(await h.ctx.db.payment.findUniqueOrThrow({ where: { id: p.paymentId! } })).toMatchObject({ fee: 53, net: 8827 });
    expect(await run()).toMatchObject({ repeated: true, added: 0 });
    expect(await h.ctx.db.statementImport.findFirstOrThrow({ where: { format: "alipay_business_detail" } })).toMatchObject({ lines: 1 });
  });
});
