import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createCaller } from "../../src/server/api/root";
import { authenticateWithPassword } from "../../src/server/auth/password-sign-in";
import { sessionStillValid } from "../../src/server/auth/session-validity";
import { base32Decode, totp } from "../../src/server/auth/totp";
import { db } from "../../src/server/db/client";
import { authSessions, recoveryCodes, users } from "../../src/server/db/schema";
import { topics } from "../../src/shared/events";
import { callerFor, eventually, expectTrpcError, recordTopic } from "./factories";

const password = "violet-otter-42";
const device = (ip = "10.9.0.1") => ({ ip, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36" });
let stamp = 0;

async function personWithPassword(name = "Ana") {
  const email = `${name.toLowerCase()}.${Date.now()}.${++stamp}@example.test`;
  const user = await callerFor(null).users.signUp({ name, email, password });
  return { ...user, email };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (caught: { code?: string }) => caught);
  expect(error, "the sign-in was refused").not.toBeNull();
  return error!.code!;
}

/** What an authenticator app shows for this secret `stepsAhead` time steps from now. */
const codeFor = (secret: string, stepsAhead = 0) => totp(base32Decode(secret), Date.now() + stepsAhead * 30_000);

async function withTwoFactor(userId: string) {
  const caller = callerFor(userId);
  const setup = await caller.account.startTwoFactorSetup({});
  expect(setup.qrSvg).toContain("<svg");
  expect(setup.otpauthUri).toContain(`secret=${setup.secret}`);
  await caller.account.enableTwoFactor({ enrollmentToken: setup.enrollmentToken, code: codeFor(setup.secret) });
  return setup;
}

describe("two-factor authentication", () => {
  it("asks a password sign-in for a code once it is on, and takes each code once", async () => {
    const ana = await personWithPassword();
    const setup = await withTwoFactor(ana.id);
    const [row] = await db().select({ secret: users.totpSecret }).from(users).where(eq(users.id, ana.id));
    expect(row!.secret, "the secret is stored encrypted").not.toContain(setup.secret);

    expect(await refusal(authenticateWithPassword({ email: ana.email, password }, device()))).toBe("two_factor");
    expect(await refusal(authenticateWithPassword({ email: ana.email, password, code: "000000" }, device()))).toBe("two_factor_wrong");
    // The code that enabled it was this time step's; the next step's code signs in, once.
    const next = codeFor(setup.secret, 1);
    const signedIn = await authenticateWithPassword({ email: ana.email, password, code: next }, device());
    expect(signedIn).toMatchObject({ id: ana.id });
    expect(await refusal(authenticateWithPassword({ email: ana.email, password, code: next }, device()))).toBe("two_factor_wrong");
    const [session] = await db().select().from(authSessions).where(eq(authSessions.id, signedIn.sessionId));
    expect(session).toMatchObject({ userId: ana.id, method: "password", twoFactor: true, ip: "10.9.0.1" });
  });

  it("lets each recovery code in once, and new codes replace the old", async () => {
    const ana = await personWithPassword();
    const setup = await withTwoFactor(ana.id);
    expect(setup.recoveryCodes).toHaveLength(10);
    const [first, second] = setup.recoveryCodes;
    await expect(authenticateWithPassword({ email: ana.email, password, code: first!.toUpperCase() }, device())).resolves.toMatchObject({ id: ana.id });
    expect(await refusal(authenticateWithPassword({ email: ana.email, password, code: first! }, device()))).toBe("two_factor_wrong");
    expect((await callerFor(ana.id).account.security()).twoFactor.recoveryCodesLeft).toBe(9);

    const { recoveryCodes: fresh } = await callerFor(ana.id).account.regenerateRecoveryCodes({ code: codeFor(setup.secret, 1) });
    expect(fresh).toHaveLength(10);
    expect(await refusal(authenticateWithPassword({ email: ana.email, password, code: second! }, device()))).toBe("two_factor_wrong");
    await expect(authenticateWithPassword({ email: ana.email, password, code: fresh[0]! }, device())).resolves.toMatchObject({ id: ana.id });
    expect(await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, ana.id))).toHaveLength(10);
  });

  it("refuses a setup finished with a wrong code or someone else's token", async () => {
    const ana = await personWithPassword();
    const bo = await personWithPassword("Bo");
    const setup = await callerFor(ana.id).account.startTwoFactorSetup({});
    await expectTrpcError(callerFor(ana.id).account.enableTwoFactor({ enrollmentToken: setup.enrollmentToken, code: "123456" }), "BAD_REQUEST", /not right/);
    await expectTrpcError(callerFor(bo.id).account.enableTwoFactor({ enrollmentToken: setup.enrollmentToken, code: codeFor(setup.secret) }), "BAD_REQUEST", /expired/);
    await expectTrpcError(callerFor(ana.id).account.enableTwoFactor({ enrollmentToken: "v1.bad.token.here", code: codeFor(setup.secret) }), "BAD_REQUEST", /expired/);
    expect((await callerFor(ana.id).account.security()).twoFactor.enabledAt).toBeNull();
    await expectTrpcError(callerFor(ana.id).account.enableTwoFactor({ enrollmentToken: setup.enrollmentToken, code: "12" }), "BAD_REQUEST", /6-digit code/);
  });

  it("turns off only with a code", async () => {
    const ana = await personWithPassword();
    const setup = await withTwoFactor(ana.id);
    await expectTrpcError(callerFor(ana.id).account.disableTwoFactor({ code: "000000" }), "BAD_REQUEST", /not right/);
    await callerFor(ana.id).account.disableTwoFactor({ code: codeFor(setup.secret, 1) });
    await expect(authenticateWithPassword({ email: ana.email, password }, device())).resolves.toMatchObject({ id: ana.id });
  });

  it("when a workspace requires it: signs out password sessions without it, and the next sign-in sets it up", async () => {
    const owner = await personWithPassword("Owner");
    const workspace = await callerFor(owner.id).workspaces.create({ name: "Secure", slug: `secure-${++stamp}-${Date.now()}` });
    const member = await personWithPassword("Member");
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(member.id).invites.accept({ token: invite.token });
    const memberSession = await authenticateWithPassword({ email: member.email, password }, device());

    // An admin without two-factor would be signing themselves out.
    await expectTrpcError(callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, requireTwoFactor: true }), "BAD_REQUEST", /your own account first/);
    await withTwoFactor(owner.id);
    const told = recordTopic(topics.user(member.id));
    await callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, requireTwoFactor: true });
    await eventually(() => expect(told.events).toContainEqual({ type: "session.ended", sessionIds: [memberSession.sessionId], all: false }));
    told.stop();
    expect(await sessionStillValid(member.id, undefined, memberSession.sessionId)).toBe(false);

    // Password alone no longer signs in; the sign-in sets two-factor up, proven by the password.
    expect(await refusal(authenticateWithPassword({ email: member.email, password }, device()))).toBe("two_factor_setup");
    const anonymous = createCaller({ userId: null, ip: "10.9.0.2" });
    await expectTrpcError(anonymous.account.startTwoFactorSetup({ email: member.email, password: "wrong-password" }), "BAD_REQUEST", /do not match/);
    const setup = await anonymous.account.startTwoFactorSetup({ email: member.email, password });
    expect(await refusal(authenticateWithPassword({ email: member.email, password, enrollment: setup.enrollmentToken, code: "000000" }, device()))).toBe("two_factor_wrong");
    const signedIn = await authenticateWithPassword({ email: member.email, password, enrollment: setup.enrollmentToken, code: codeFor(setup.secret) }, device());
    expect(signedIn).toMatchObject({ id: member.id });
    expect((await callerFor(member.id).account.security()).twoFactor).toMatchObject({ required: true, recoveryCodesLeft: 10 });
    expect(await refusal(authenticateWithPassword({ email: member.email, password }, device()))).toBe("two_factor");
    await expectTrpcError(callerFor(member.id).account.disableTwoFactor({ code: setup.recoveryCodes[0]! }), "BAD_REQUEST", /requires two-factor/);

    const log = await callerFor(owner.id).audit.list({ workspaceId: workspace.id });
    expect(log.map((entry: { action: string }) => entry.action)).toContain("two_factor.required");
  });
});

describe("sessions", () => {
  it("lists where a person is signed in and ends one, or all the others", async () => {
    const ana = await personWithPassword();
    const laptop = await authenticateWithPassword({ email: ana.email, password }, device("10.9.1.1"));
    const phone = await authenticateWithPassword({ email: ana.email, password }, { ip: "10.9.1.2", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Safari/604.1" });
    const tablet = await authenticateWithPassword({ email: ana.email, password }, device("10.9.1.3"));
    const fromLaptop = createCaller({ userId: ana.id, sessionId: laptop.sessionId });

    const { sessions } = await fromLaptop.account.security();
    expect(sessions).toHaveLength(3);
    expect(sessions.find((session) => session.current)).toMatchObject({ id: laptop.sessionId, device: "Chrome on Linux", ip: "10.9.1.1", method: "password" });
    expect(sessions.find((session) => session.id === phone.sessionId)).toMatchObject({ device: "Safari on iOS", current: false });

    const told = recordTopic(topics.user(ana.id));
    await fromLaptop.account.endSession({ sessionId: phone.sessionId });
    expect(await sessionStillValid(ana.id, undefined, phone.sessionId)).toBe(false);
    expect(await sessionStillValid(ana.id, undefined, tablet.sessionId)).toBe(true);
    await fromLaptop.account.endOtherSessions();
    expect(await sessionStillValid(ana.id, undefined, tablet.sessionId)).toBe(false);
    expect(await sessionStillValid(ana.id, undefined, laptop.sessionId)).toBe(true);
    // A token from before session ids is over too.
    expect(await sessionStillValid(ana.id, Math.floor(Date.now() / 1000) - 60, undefined)).toBe(false);
    await eventually(() =>
      expect(told.events).toEqual([
        { type: "session.ended", sessionIds: [phone.sessionId], all: false },
        { type: "session.ended", sessionIds: [tablet.sessionId], all: true },
      ]),
    );
    told.stop();
    expect((await fromLaptop.account.security()).sessions.map((session) => session.id)).toEqual([laptop.sessionId]);
  });

  it("keeps this session through a password change and ends the others", async () => {
    const ana = await personWithPassword();
    const here = await authenticateWithPassword({ email: ana.email, password }, device());
    const elsewhere = await authenticateWithPassword({ email: ana.email, password }, device("10.9.2.2"));
    const result = await createCaller({ userId: ana.id, sessionId: here.sessionId }).account.changePassword({ currentPassword: password, newPassword: "amber-heron-77" });
    expect(result.signedOut).toBe(false);
    expect(await sessionStillValid(ana.id, undefined, here.sessionId)).toBe(true);
    expect(await sessionStillValid(ana.id, undefined, elsewhere.sessionId)).toBe(false);
  });

  it("cannot end someone else's session", async () => {
    const ana = await personWithPassword();
    const bo = await personWithPassword("Bo");
    const bosSession = await authenticateWithPassword({ email: bo.email, password }, device());
    const result = await callerFor(ana.id).account.endSession({ sessionId: bosSession.sessionId });
    expect(result.ended).toBe(0);
    expect(await sessionStillValid(bo.id, undefined, bosSession.sessionId)).toBe(true);
  });
});
