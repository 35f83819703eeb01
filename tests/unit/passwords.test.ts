import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../src/server/auth/password";
import { passwordWeakness } from "../../src/shared/users";

describe("password hashing", () => {
  it("verifies the right password only, with a fresh salt each time", async () => {
    const hash = await hashPassword("violet-otter-42");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword("violet-otter-42", hash)).toBe(true);
    expect(await verifyPassword("violet-otter-43", hash)).toBe(false);
    expect(await hashPassword("violet-otter-42")).not.toBe(hash);
  });

  it("rejects hashes it does not understand", async () => {
    expect(await verifyPassword("anything", "md5$abc")).toBe(false);
    expect(await verifyPassword("anything", "")).toBe(false);
  });
});

describe("password strength", () => {
  it("explains what is wrong", () => {
    expect(passwordWeakness("short")).toBe("Use at least 8 characters");
    expect(passwordWeakness("Password123")).toMatch(/most common/);
    expect(passwordWeakness("abababab")).toMatch(/different characters/);
    expect(passwordWeakness("ana.lopez-2024", { email: "ana.lopez@example.test" })).toMatch(/email address/);
    expect(passwordWeakness("violet-otter-42", { email: "ana@example.test" })).toBeNull();
  });
});
