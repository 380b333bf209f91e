/**
 * Role checks on the paths a browser session and an API key take: a cashier
 * calling an owner action gets 403 (forbidden) and an audit entry; an owner
 * past the owner idle limit is asked for the PIN again; a cashier key on an
 * owner route gets 403 and an audit entry. Next's request scope (cookies,
 * headers) is stood in for; everything below it is the real code on a real
 * database.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { hashPin } from "@/lib/auth/pin-hash";
import { signIn } from "@/lib/auth/sign-in";
import type { Ctx } from "@/lib/context";
import { newId } from "@/lib/ids";
import { startHarness, type Harness } from "@/test/harness";

const scope = vi.hoisted(() => ({ token: undefined as string | undefined, ctx: undefined as Ctx | undefined, path: "/admin/keys" }));

vi.mock("next/headers", () => ({
  cookies: () => Promise.resolve({ get: (name: string) => (name === "till_session" && scope.token ? { name, value: scope.token } : undefined) }),
  headers: () => Promise.resolve(new Headers({ "x-till-path": scope.path })),
}));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect:${to}`);
  },
}));
vi.mock("@/lib/server-context", () => ({ serverCtx: () => Promise.resolve(scope.ctx!) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { withStaff } = await import("./with-staff");
const { requireStaff } = await import("./session");
const { GET: listDiscrepancies } = await import("@/app/api/v1/discrepancies/route");
const { GET: exportOrders } = await import("@/app/(terminal)/orders/export.csv/route");
const { GET: exportAudit } = await import("@/app/(owner)/admin/audit/export.csv/route");

const MINUTE = 60_000;
let clock = new Date("2026-06-01T09:00:00.000Z");
let h: Harness;
let n = 0;

beforeAll(async () => {
  h = await startHarness({ now: () => clock });
  scope.ctx = h.ctx;
});
afterAll(() => h.close());

async function signInAs(role: "cashier" | "owner") {
  n += 1;
  const pin = String(520000 + n);
  const id = newId("stf");
  await h.ctx.db.staff.create({ data: { id, storeId: h.cashier.storeId, name: `Role ${n}`, role, pinHash: await hashPin(pin), createdAt: clock } });
  scope.token = (await signIn(h.ctx, { staffId: id, pin, client: `role-${n}` })).token;
  return id;
}

const ownerAction = withStaff("owner", z.strictObject({ name: z.string() }), ({ name }) => Promise.resolve(`done ${name}`), "keys.create");
const deniedFor = (staffId: string) => h.ctx.db.auditEvent.findMany({ where: { action: "access.denied", entityId: staffId } });

describe("owner server actions", () => {
  it("a cashier session gets forbidden, nothing runs, and the attempt is audited with the action's name and terminal", async () => {
    const cashier = await signInAs("cashier");
    const result = await ownerAction({ name: "x" });
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    const audit = await deniedFor(cashier);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: `staff:${cashier}`, entityType: "staff", terminalId: h.cashier.terminalId });
    expect(JSON.parse(audit[0]!.data!)).toEqual({ role: "cashier", what: "keys.create" });
  });

  it("an owner runs it; after 30 quiet minutes on owner pages the owner is asked for the PIN again", async () => {
    const owner = await signInAs("owner");
    expect(await ownerAction({ name: "x" })).toEqual({ ok: true, data: "done x" });
    clock = new Date(clock.getTime() + 31 * MINUTE);
    expect(await ownerAction({ name: "x" })).toMatchObject({ ok: false, code: "unauthorized", extra: { reauth: "owner" } });
    expect(await deniedFor(owner)).toHaveLength(0);
  });

  it("no session: unauthorized", async () => {
    scope.token = undefined;
    expect(await ownerAction({ name: "x" })).toMatchObject({ ok: false, code: "unauthorized" });
  });
});

/** Every server action of the owner's pages: each exported function of each actions.ts under app/(owner). */
async function ownerActions(): Promise<[string, (input: unknown) => Promise<unknown>][]> {
  const root = path.join(process.cwd(), "app", "(owner)");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((file) => path.basename(file) === "actions.ts");
  const found: [string, (input: unknown) => Promise<unknown>][] = [];
  for (const file of files) {
    const exported = (await import(path.join(root, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) if (typeof value === "function") found.push([`${file} ${name}`, value as (input: unknown) => Promise<unknown>]);
  }
  return found;
}

describe("every owner server action", () => {
  it("refuses a cashier session with forbidden before it reads its input, and audits each attempt", async () => {
    const actions = await ownerActions();
    expect(actions.length).toBeGreaterThanOrEqual(10);
    const cashier = await signInAs("cashier");
    for (const [name, action] of actions) {
      expect(await action({}), name).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await deniedFor(cashier)).toHaveLength(actions.length);
  });
});

describe("owner pages", () => {
  it("a cashier opening one is sent to the sale screen and the attempt is audited", async () => {
    const cashier = await signInAs("cashier");
    scope.path = "/admin/audit?actor=x";
    await expect(requireStaff("owner")).rejects.toThrow("redirect:/sale?denied=owner");
    const audit = await deniedFor(cashier);
    expect(JSON.parse(audit[0]!.data!)).toEqual({ role: "cashier", what: "page /admin/audit" });
  });

  it("a stale owner is sent to enter the PIN again and comes back to the same page", async () => {
    await signInAs("owner");
    scope.path = "/admin/inbox?outcome=applied";
    await expect(requireStaff("owner")).resolves.toMatchObject({ ownerFresh: true });
    clock = new Date(clock.getTime() + 31 * MINUTE);
    await expect(requireStaff("owner")).rejects.toThrow(`redirect:/login?switch=1&reauth=owner&next=${encodeURIComponent("/admin/inbox?outcome=applied")}`);
    // Counter pages still work for the owner.
    await expect(requireStaff("cashier")).resolves.toMatchObject({ actor: { role: "owner" } });
  });
});

describe("owner API routes", () => {
  it("a cashier key gets 403 and is audited; an owner key gets 200", async () => {
    const call = (key: string) => listDiscrepancies(new Request("http://till.test/api/v1/discrepancies", { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) });
    const refused = await call("tk_demo_0000000000000000");
    expect(refused.status).toBe(403);
    const audit = await h.ctx.db.auditEvent.findMany({ where: { action: "access.denied", entityId: h.cashier.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: `api_key:${h.cashier.id}`, entityType: "api_key", terminalId: h.cashier.terminalId });
    expect((await call("tk_demo_owner_000000000000")).status).toBe(200);
  });
});

describe("owner downloads", () => {
  const downloads = [
    ["the orders CSV", "orders export", () => exportOrders(new Request("http://till.test/orders/export.csv?status=paid"))],
    ["the audit CSV", "audit export", () => exportAudit(new Request("http://till.test/admin/audit/export.csv"))],
  ] as const;

  it.each(downloads)("%s: a cashier session gets 403 and the attempt is audited with what was asked", async (_name, what, download) => {
    const cashier = await signInAs("cashier");
    const refused = await download();
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const audit = await deniedFor(cashier);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data!)).toMatchObject({ role: "cashier", what });
  });

  it.each(downloads)("%s: an owner gets the file; after 30 quiet minutes on owner pages, 401 asking for the PIN again", async (_name, _what, download) => {
    await signInAs("owner");
    const fresh = await download();
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect([...new Uint8Array(await fresh.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    clock = new Date(clock.getTime() + 31 * MINUTE);
    const stale = await download();
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ code: "unauthorized", reauth: "owner" });
  });

  it.each(downloads)("%s: no session, unauthorized", async (_name, _what, download) => {
    scope.token = undefined;
    expect((await download()).status).toBe(401);
  });

  it("a stale owner following a download link in the browser is sent to enter the PIN, then back to the page the link was on", async () => {
    await signInAs("owner");
    clock = new Date(clock.getTime() + 31 * MINUTE);
    const navigate = (referer?: string) =>
      exportOrders(new Request("http://till.test/orders/export.csv?day=2026-06-01", { headers: { host: "till.test", "sec-fetch-mode": "navigate", ...(referer ? { referer } : {}) } }));
    const fromOrders = await navigate("http://till.test/orders?day=2026-06-01&terminal=trm_1");
    expect(fromOrders.status).toBe(303);
    expect(fromOrders.headers.get("location")).toBe(`/login?switch=1&reauth=owner&next=${encodeURIComponent("/orders?day=2026-06-01&terminal=trm_1")}`);
    // Another site's page is never where the owner is sent back to.
    expect((await navigate("http://evil.example/orders")).headers.get("location")).toBe(`/login?switch=1&reauth=owner&next=${encodeURIComponent("/admin")}`);
    expect((await navigate()).headers.get("location")).toBe(`/login?switch=1&reauth=owner&next=${encodeURIComponent("/admin")}`);
  });
});
