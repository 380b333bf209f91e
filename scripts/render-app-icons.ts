/**
 * Draws Till's app icons from one mark and writes them into the repository:
 * app/icon.svg (browser tabs), app/favicon.ico (16, 32 and 48 px, for clients
 * that ask for /favicon.ico), app/apple-icon.png (180 px, home screens on iOS)
 * and public/icons/ (192 and 512 px, and a maskable 512 px, for the web app
 * manifest). Run it after changing the mark — `npx tsx scripts/render-app-icons.ts`
 * — and commit what it writes: nothing draws icons at build or run time. The
 * PNGs are screenshots by the Chromium the end-to-end tests use.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { chromium } from "@playwright/test";

// --color-brand in app/globals.css.
const BRAND = "#0f766e";

/**
 * A QR code reduced to what makes one recognisable, in white on a 40-unit
 * square: three finder squares and five data modules.
 */
const finder = (x: number, y: number) =>
  `<rect x="${x}" y="${y}" width="16" height="16" rx="3.5" fill="#fff"/>` +
  `<rect x="${x + 3}" y="${y + 3}" width="10" height="10" rx="1.5" fill="${BRAND}"/>` +
  `<rect x="${x + 5.5}" y="${y + 5.5}" width="5" height="5" rx="1" fill="#fff"/>`;
const modules = [[24, 24], [35, 24], [29.5, 29.5], [24, 35], [35, 35]]
  .map(([x, y]) => `<rect x="${x}" y="${y}" width="5" height="5" rx="1" fill="#fff"/>`)
  .join("");
const MARK = finder(0, 0) + finder(24, 0) + finder(0, 24) + modules;

/**
 * The icon on a 64-unit canvas. `rounded`: a rounded tile with transparent
 * corners, for places that show the icon as it is. Otherwise the colour fills
 * the square and the platform cuts its own shape (iOS home screens, maskable
 * icons), so the mark shrinks into the part every shape keeps.
 */
function iconSvg({ rounded, markSize }: { rounded: boolean; markSize: number }): string {
  const offset = (64 - markSize) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="${rounded ? 14 : 0}" fill="${BRAND}"/>
<g transform="translate(${offset} ${offset}) scale(${markSize / 40})">${MARK}</g>
</svg>
`;
}

const TILE = iconSvg({ rounded: true, markSize: 40 });
// The maskable safe zone is the centred circle of 40 % radius (25.6 units): the mark's corners stay inside it.
const MASKABLE = iconSvg({ rounded: false, markSize: 34 });
const APPLE = iconSvg({ rounded: false, markSize: 38 });

/** A .ico holding PNG images (every browser since Windows Vista's era reads them). */
function ico(pngs: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size % 256, entry); // 0 means 256
    header.writeUInt8(size % 256, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.png)]);
}

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const render = async (svg: string, size: number) => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0">${svg.replace("<svg ", `<svg width="${size}" height="${size}" style="display:block" `)}</body></html>`);
    return page.screenshot({ omitBackground: true, type: "png" });
  };

  mkdirSync("public/icons", { recursive: true });
  writeFileSync("app/icon.svg", TILE);
  writeFileSync("app/apple-icon.png", await render(APPLE, 180));
  const favicons = [];
  for (const size of [16, 32, 48]) favicons.push({ size, png: await render(TILE, size) }); // one page: one at a time
  writeFileSync("app/favicon.ico", ico(favicons));
  writeFileSync("public/icons/icon-192.png", await render(TILE, 192));
  writeFileSync("public/icons/icon-512.png", await render(TILE, 512));
  writeFileSync("public/icons/icon-maskable-512.png", await render(MASKABLE, 512));
  await browser.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
