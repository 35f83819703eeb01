import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authenticateWithPassword } from "../../src/server/auth/password-sign-in";
import { db } from "../../src/server/db/client";
import { users } from "../../src/server/db/schema";
import { callerFor, expectTrpcError } from "./factories";

const password = "violet-otter-42";

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (caught: { code?: string }) => caught);
  expect(error).not.toBeNull();
  return error!.code!;
}

describe("sign-up", () => {
  it("creates an account with a hashed password", async () => {
    const user = await callerFor(null).users.signUp({ name: "Ana", email: "Ana@Example.test", password });
    expect(user).toMatchObject({ name: "Ana", email: "ana@example.test" });
    const [row] = await db().select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^scrypt\$/);
    expect(row!.passwordHash).not.toContain(password);
  });

  it("says when the email is taken", async () => {
    await callerFor(null).users.signUp({ name: "Ana", email: "ana@example.test", password });
    await expectTrpcError(callerFor(null).users.signUp({ name: "Other", email: "ANA@example.test", password }), "CONFLICT", /already exists/);
    expect(await db().select().from(users)).toHaveLength(1);
  });

  it("says why a password is weak", async () => {
    await expectTrpcError(callerFor(null).users.signUp({ name: "Ana", email: "a@example.test", password: "short" }), "BAD_REQUEST", /at least 8/);
    await expectTrpcError(callerFor(null).users.signUp({ name: "Ana", email: "a@example.test", password: "password123" }), "BAD_REQUEST", /most common/);
    await expectTrpcError(callerFor(null).users.signUp({ name: "Ana", email: "a@example.test", password: "aaaaaaaaaa" }), "BAD_REQUEST", /different characters/);
    expect(await db().select().from(users)).toHaveLength(0);
  });
});

describe("password sign-in", () => {
  it("accepts the right password and tells wrong password from unknown email", async () => {
    const email = `signin.${Date.now()}@example.test`;
    const created = await callerFor(null).users.signUp({ name: "Ana", email, password });
    expect(await authenticateWithPassword({ email, password }, { ip: "10.0.0.1", userAgent: "vitest" })).toMatchObject({ id: created.id, email });
    expect(await refusal(authenticateWithPassword({ email, password: "wrong-password" }, { ip: "10.0.0.1", userAgent: "vitest" }))).toBe("wrong_password");
    expect(await refusal(authenticateWithPassword({ email: `nobody.${email}`, password }, { ip: "10.0.0.1", userAgent: "vitest" }))).toBe("unknown_email");
  });

  it("locks an account after 10 failures, whatever address they come from", async () => {
    const email = `locked.${Date.now()}@example.test`;
    await callerFor(null).users.signUp({ name: "Ana", email, password });
    for (let i = 0; i < 10; i++) await refusal(authenticateWithPassword({ email, password: "wrong-password" }, { ip: `10.1.0.${i}`, userAgent: "vitest" }));
    // Even the right password waits now.
    const code = await refusal(authenticateWithPassword({ email, password }, { ip: "10.1.1.1", userAgent: "vitest" }));
    expect(code).toMatch(/^locked:\d+$/);
    expect(Number(code.split(":")[1])).toBeGreaterThan(800);
  });

  it("locks an address after 50 failures across accounts", async () => {
    const ip = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const stamp = Date.now();
    for (let i = 0; i < 50; i++) await refusal(authenticateWithPassword({ email: `spray${i}.${stamp}@example.test`, password }, { ip, userAgent: "vitest" }));
    const email = `victim.${stamp}@example.test`;
    await callerFor(null).users.signUp({ name: "Victim", email, password });
    expect(await refusal(authenticateWithPassword({ email, password }, { ip, userAgent: "vitest" }))).toMatch(/^locked:/);
    expect(await authenticateWithPassword({ email, password }, { ip: "10.3.0.1", userAgent: "vitest" })).toMatchObject({ email });
  });
});
