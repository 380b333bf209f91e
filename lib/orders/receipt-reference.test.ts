import { describe, expect, it } from "vitest";
import { receiptReference } from "./receipt-reference";

describe("receiptReference", () => {
  it("takes a reference as printed, typed in lower case or with spaces", () => {
    expect(receiptReference("T1-000123")).toBe("T1-000123");
    expect(receiptReference("  t1-000123\n")).toBe("T1-000123");
  });

  it("refuses what is not a reference: a payment QR, a URL, an id, an empty text", () => {
    for (const text of ["http://127.0.0.1:4010/pay/ch_1", "weixin://wxpay/bizpayurl?pr=abc", "ord_01JD5T8Q2N9XK3M7V6W4R1ZB0C", "", "T1-", "-000123", "T1 000123"]) {
      expect(receiptReference(text)).toBeNull();
    }
  });
});
