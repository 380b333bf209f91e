import { describe, expect, it } from "vitest";
import { hashPin, verifyPin } from "./pin-hash";

describe("PIN hashing", () => {
  it("the stored hash is not the PIN and does not contain it", async () => {
    const stored = await hashPin("1357");
    expect(stored).not.toBe("1357");
    expect(stored).not.toContain("1357");
    expect(stored).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  });

  it("verifies the right PIN and refuses a wrong one", async () => {
    const stored = await hashPin("2468");
    await expect(verifyPin("2468", stored)).resolves.toBe(true);
    await expect(verifyPin("2469", stored)).resolves.toBe(false);
    await expect(verifyPin("", stored)).resolves.toBe(false);
    await expect(verifyPin("02468", stored)).resolves.toBe(false);
  });

  it("two hashes of one PIN differ (a random salt each time), and both verify", async () => {
    const [a, b] = await Promise.all([hashPin("1357"), hashPin("1357")]);
    expect(a).not.toBe(b);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
    await expect(verifyPin("1357", a)).resolves.toBe(true);
    await expect(verifyPin("1357", b)).resolves.toBe(true);
  });

  it.each([
    ["an empty string", ""],
    ["a bare PIN stored by mistake", "1357"],
    ["another scheme", "bcrypt$10$abc$def"],
    ["a truncated scrypt hash", "scrypt$16384$8$1$c2FsdA=="],
  ])("a malformed stored hash (%s) verifies as false instead of throwing", async (_label, stored) => {
    await expect(verifyPin("1357", stored)).resolves.toBe(false);
  });
});
