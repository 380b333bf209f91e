import { expect, type Locator, type Page } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { z } from "zod";
import { E2E } from "../playwright.config";
import { parseAs } from "../test/parse";

export const TILL = `http://127.0.0.1:${E2E.port}`;
export const SANDBOX = `http://127.0.0.1:${E2E.sandboxPort}`;

if (!E2E.dataDir.includes("e2e")) throw new Error("end-to-end tests only run against their own database");

/** Signs in through the real sign-in screen: tap the staff tile, type the PIN on the pad. */
export async function signIn(page: Page, who: "cashier" | "owner"): Promise<void> {
  await page.goto("/login?switch=1");
  await page.getByRole("radio", { name: who === "owner" ? /Wang Fang/ : /Li Lei/ }).click();
  for (const digit of who === "owner" ? E2E.ownerPin : E2E.cashierPin) {
    await page.getByRole("button", { name: digit, exact: true }).click();
  }
  await page.getByRole("button", { name: /^(Sign in|登录)$/ }).click();
  await expect(page).toHaveURL(/\/sale$/);
}

/** Types an amount on the sale keypad, digit by digit, as a cashier would. */
export async function typeAmount(page: Page, digits: string): Promise<void> {
  const keypad = page.getByTestId("keypad");
  for (const d of digits) await keypad.getByRole("button", { name: d, exact: true }).click();
}

/** What an element looks like on screen (or on paper, under print media): its RGBA pixels. */
export async function pixelsOf(element: Locator): Promise<PNG> {
  return PNG.sync.read(await element.screenshot());
}

/** Reads a QR the way a phone camera does: from its pixels. */
export function decodeQr(image: PNG): string {
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error("the QR on screen could not be decoded");
  return code.data;
}

/** Reads the QR on the cashier's screen the way a phone camera does: from its pixels. */
export async function readQr(qr: Locator): Promise<string> {
  return decodeQr(await pixelsOf(qr));
}

/** An answer over HTTP: its status, its body as JSON (null when empty), and the body read through a schema. */
export type ApiAnswer = { status: number; json: unknown; as<T>(schema: z.ZodType<T>): T };

async function call(base: string, key: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const response = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : null;
  return { status: response.status, json, as: (schema) => parseAs(schema, json, `${method} ${base}${path} (${response.status})`) };
}

export const tillApi = (method: string, path: string, body?: unknown, key = E2E.cashierKey) => call(TILL, key, method, path, body);
export const ownerApi = (method: string, path: string, body?: unknown) => call(TILL, E2E.ownerKey, method, path, body);
export const sandboxApi = (method: string, path: string, body?: unknown) => call(SANDBOX, E2E.sandboxKey, method, path, body);

/** The second store (TILL_DEMO_PROVIDER=both: WeChat Pay and Alipay at Sandbox Pay's dialects) and its Sandbox Pay. */
export const WALLETS_TILL = `http://127.0.0.1:${E2E.wallets.port}`;
export const WALLETS_SANDBOX = `http://127.0.0.1:${E2E.wallets.sandboxPort}`;
export const walletsApi = (method: string, path: string, body?: unknown, key = E2E.cashierKey) => call(WALLETS_TILL, key, method, path, body);
export const walletsSandboxApi = (method: string, path: string, body?: unknown) => call(WALLETS_SANDBOX, E2E.sandboxKey, method, path, body);

/** The order shown on the cashier's screen (the URL holds its id). */
export function orderIdFromUrl(page: Page): string {
  const id = /\/charge\/(ord_[0-9A-Z]{26})/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on an order screen: ${page.url()}`);
  return id;
}
