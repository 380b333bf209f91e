import { expect, test } from "@playwright/test";
import { z } from "zod";

const Manifest = z.object({
  name: z.string(),
  short_name: z.string(),
  start_url: z.string(),
  display: z.string(),
  theme_color: z.string(),
  background_color: z.string(),
  icons: z.array(z.object({ src: z.string(), sizes: z.string(), type: z.string(), purpose: z.string().optional() })).min(1),
});

// No session cookie in any of these: a browser fetches them before anyone signs in (and an installed app at every launch).
test.use({ storageState: { cookies: [], origins: [] } });

test("app shell: the manifest is served signed out, says how Till installs, and lists icons that all load", async ({ request }) => {
  const response = await request.get("/manifest.webmanifest", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
  const manifest = Manifest.parse(await response.json());
  expect(manifest).toMatchObject({ name: "Till", short_name: "Till", start_url: "/sale", theme_color: "#0f766e" });
  expect(["standalone", "fullscreen"]).toContain(manifest.display);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);

  const sizes = manifest.icons.flatMap((icon) => icon.sizes.split(" "));
  expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  for (const icon of manifest.icons) {
    const image = await request.get(icon.src, { maxRedirects: 0 });
    expect(image.status(), icon.src).toBe(200);
    expect(image.headers()["content-type"], icon.src).toBe(icon.type);
  }
});

test("app shell: favicon, icon and apple-icon load signed out, and every page links them with the manifest", async ({ page, request }) => {
  await page.goto("/login");
  const head = page.locator("head");
  await expect(head.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  const links = await head.locator('link[rel="icon"], link[rel="apple-touch-icon"]').evaluateAll((els) => els.map((el) => el.getAttribute("href") ?? ""));
  const paths = links.map((href) => new URL(href, page.url()).pathname);
  expect(paths).toEqual(expect.arrayContaining(["/favicon.ico", "/icon.svg", "/apple-icon.png"]));

  for (const href of links) {
    const image = await request.get(href, { maxRedirects: 0 });
    expect(image.status(), href).toBe(200);
    expect(image.headers()["content-type"], href).toMatch(/^image\//);
  }
  const apple = await request.get("/apple-icon.png");
  expect(apple.headers()["content-type"]).toBe("image/png");
});
