import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateWithPassword } from "../../src/server/auth/password-sign-in";
import { userIdFromCookieHeader } from "../../src/server/auth/session-cookie";
import { hashPassword } from "../../src/server/auth/password";
import { db } from "../../src/server/db/client";
import { accountTokens, users } from "../../src/server/db/schema";
import { backgroundSettled } from "../../src/server/jobs/background";
import { runDueJobs } from "../../src/server/jobs/queue";
import { callerFor, expectTrpcError, makeUser, workspaceWithMember } from "./factories";
import { sessionCookie, startDoorServer } from "./door-server";
import { TEST_SMTP_PORT } from "../setup/env";
import { linkIn, startMailServer } from "./mail-server";

const nonce = () => crypto.randomUUID();
let mail: Awaited<ReturnType<typeof startMailServer>>;
let doors: Awaited<ReturnType<typeof startDoorServer>>;
beforeAll(async () => {
  mail = await startMailServer(TEST_SMTP_PORT);
  doors = await startDoorServer();
});
afterAll(async () => {
  await mail.close();
  await doors.close();
});

const minutesLater = (minutes: number) => new Date(Date.now() + minutes * 60_000);
/** A link of ours (PUBLIC_URL) requested from the test's door server instead. */
const atDoors = (link: string) => link.replace("http://confab.example.test", `http://${doors.host}`);

describe("missed-activity email", () => {
  it("sends one email per batch, grouped by conversation, with only what is still unread, in text and HTML", async () => {
    const { owner, member, general, workspace } = await workspaceWithMember();
    const first = await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> can you check the *build*?`, clientNonce: nonce() });
    const second = await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> it is red again`, clientNonce: nonce() });
    const dm = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] });
    const direct = await callerFor(owner.id).messages.send({ channelId: dm.id, body: "Lunch?", clientNonce: nonce() });
    await backgroundSettled();
    // Read in time: the DM is not emailed.
    await callerFor(member.id).channels.markRead({ channelId: dm.id, seq: direct.seq });

    // Not due yet (sending is awaited by the job, so an email sent now would already be here)…
    await runDueJobs(minutesLater(5));
    expect(mail.to(member.email)).toHaveLength(0);
    // …and due ten minutes later.
    await runDueJobs(minutesLater(16));
    const emails = mail.to(member.email);
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email!.subject).toBe("2 unread messages in Acme");
    expect(email!.from?.value[0]).toMatchObject({ name: "Confab", address: "confab@example.test" });
    expect(email!.text).toContain("#general (Acme)");
    expect(email!.text).toContain("Acme Owner");
    expect(email!.text).toContain("@Member can you check the build?");
    expect(email!.text).toContain(`http://confab.example.test/w/${workspace.slug}/c/${general}?message=${first.id}`);
    expect(email!.text).toContain(`?message=${second.id}`);
    expect(email!.text).not.toContain("Lunch?");
    expect(email!.html).toContain(`<a href="http://confab.example.test/w/${workspace.slug}/c/${general}?message=${first.id}">`);
    expect(email!.headerLines.find((line) => line.key === "list-unsubscribe-post")?.line).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(email!.headerLines.find((line) => line.key === "list-unsubscribe")?.line.replace(/\r\n\s+/g, " ")).toMatch(/^List-Unsubscribe: <http:\/\/confab\.example\.test\/api\/email\/unsubscribe\?token=/);
    expect(mail.to(owner.email)).toHaveLength(0);

    // Nothing more is due: the batch went once; a new mention starts the next batch, and only it is sent.
    await runDueJobs(minutesLater(60));
    expect(mail.to(member.email)).toHaveLength(1);
    await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> one more`, clientNonce: nonce() });
    await backgroundSettled();
    await runDueJobs(minutesLater(16));
    expect(mail.to(member.email).map((sent) => sent.subject)).toEqual(["2 unread messages in Acme", "Acme Owner mentioned you in #general"]);
  });

  it("sends nothing when everything was read in time, and nothing to someone who chose never", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const sent = await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> quick one`, clientNonce: nonce() });
    await backgroundSettled();
    await callerFor(member.id).channels.markRead({ channelId: general, seq: sent.seq });
    await runDueJobs(minutesLater(16));
    expect(mail.to(member.email)).toHaveLength(0);

    const preferences = await callerFor(member.id).notifications.preferences();
    await callerFor(member.id).notifications.setPreferences({ ...preferences, email: "never" });
    await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> another`, clientNonce: nonce() });
    await backgroundSettled();
    await runDueJobs(minutesLater(16));
    expect(mail.to(member.email)).toHaveLength(0);

    // The same person, the same way, once they want email again and leave a mention unread: exactly that one arrives,
    // so the silence above was the read message and the "never", not a batch that could not have been sent.
    await callerFor(member.id).notifications.setPreferences({ ...preferences, email: "after_15_minutes" });
    await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> last one`, clientNonce: nonce() });
    await backgroundSettled();
    await runDueJobs(minutesLater(16));
    const emails = mail.to(member.email);
    expect(emails.map((email) => email.subject)).toEqual([`${owner.name} mentioned you in #general`]);
    expect(emails[0]!.text).toContain("@Member last one");
    expect(emails[0]!.text).not.toContain("quick one");
    expect(emails[0]!.text).not.toContain("another");
  });

  it("unsubscribes in one click without a session, through the List-Unsubscribe link, once", async () => {
    const { owner, member, general } = await workspaceWithMember();
    await callerFor(owner.id).messages.send({ channelId: general, body: `<@${member.id}> ping`, clientNonce: nonce() });
    await backgroundSettled();
    await runDueJobs(minutesLater(16));
    const [email] = mail.to(member.email);
    const link = (email!.headers.get("list") as { unsubscribe: { url: string } }).unsubscribe.url;
    expect(linkIn(email!.text, "http://confab.example.test/api/email/unsubscribe")).toBe(link);

    // A mail scanner following the link changes nothing; the page asks.
    const shown = await fetch(atDoors(link));
    expect(await shown.text()).toContain("Stop notification emails?");
    expect((await callerFor(member.id).notifications.preferences()).email).toBe("after_15_minutes");

    const oneClick = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" };
    const done = await fetch(atDoors(link), oneClick);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("You are unsubscribed");
    expect((await callerFor(member.id).notifications.preferences()).email).toBe("never");
    expect(await (await fetch(atDoors(link), oneClick)).text()).toContain("already unsubscribed");

    const forged = await fetch(atDoors(link.replace(/token=[^.]+/, `token=${Buffer.from(owner.id).toString("base64url")}`)), oneClick);
    expect(forged.status).toBe(400);
    expect((await callerFor(owner.id).notifications.preferences()).email).toBe("after_15_minutes");
  });
});

describe("account email", () => {
  async function personWithPassword(password = "old correct horse") {
    const person = await makeUser("Resetting Person");
    await db().update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, person.id));
    return person;
  }

  it("resets a forgotten password through a single-use link, and signs out every earlier session", async () => {
    const person = await personWithPassword();
    const oldSession = await sessionCookie(person.id);
    expect(await userIdFromCookieHeader(oldSession)).toBe(person.id);

    const known = await callerFor(null).account.requestPasswordReset({ email: person.email });
    const unknown = await callerFor(null).account.requestPasswordReset({ email: "nobody@example.test" });
    expect(unknown).toEqual(known);
    await backgroundSettled();
    // Both requests were handled in the background together: the known address's email is here, so the unknown one's would be.
    expect(mail.to(person.email)).toHaveLength(1);
    expect(mail.to("nobody@example.test")).toHaveLength(0);
    const [email] = mail.to(person.email);
    expect(email!.subject).toBe("Reset your Confab password");
    const token = new URL(linkIn(email!.text, "http://confab.example.test/reset-password?token=")).searchParams.get("token")!;

    await expectTrpcError(callerFor(null).account.resetPassword({ token, password: "short" }), "BAD_REQUEST", /at least 8/);
    // Session times are whole seconds, and one begun in the very second of the reset stays valid: start a new one.
    await new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));
    expect(await callerFor(null).account.resetPassword({ token, password: "new battery staple" })).toEqual({ email: person.email });
    await expect(authenticateWithPassword({ email: person.email, password: "new battery staple" }, { ip: "127.0.0.9", userAgent: "vitest" })).resolves.toMatchObject({ id: person.id });
    await expect(authenticateWithPassword({ email: person.email, password: "old correct horse" }, { ip: "127.0.0.9", userAgent: "vitest" })).rejects.toThrow();
    expect(await userIdFromCookieHeader(oldSession)).toBeNull();
    await expectTrpcError(callerFor(null).account.resetPassword({ token, password: "another good one" }), "BAD_REQUEST", /expired or was already used/);
  });

  it("refuses an expired link, and stops emailing one address after a few requests an hour", async () => {
    const person = await personWithPassword();
    await callerFor(null).account.requestPasswordReset({ email: person.email });
    await backgroundSettled();
    const token = new URL(linkIn(mail.to(person.email)[0]!.text, "http://confab.example.test/reset-password?token=")).searchParams.get("token")!;
    await db().update(accountTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accountTokens.userId, person.id));
    await expectTrpcError(callerFor(null).account.resetPassword({ token, password: "new battery staple" }), "BAD_REQUEST", /expired/);

    for (let i = 0; i < 4; i++) await callerFor(null).account.requestPasswordReset({ email: person.email });
    await backgroundSettled();
    expect(mail.to(person.email)).toHaveLength(3);
  });

  it("changes the password with the current one, and the email only once the new address confirms", async () => {
    const person = await personWithPassword();
    await expectTrpcError(callerFor(person.id).account.changePassword({ currentPassword: "wrong one", newPassword: "new battery staple" }), "BAD_REQUEST", /current password/);
    await callerFor(person.id).account.changePassword({ currentPassword: "old correct horse", newPassword: "new battery staple" });
    await expect(authenticateWithPassword({ email: person.email, password: "new battery staple" }, { ip: "127.0.0.8", userAgent: "vitest" })).resolves.toMatchObject({ id: person.id });

    const other = await makeUser("Taken Address");
    await expectTrpcError(callerFor(person.id).account.requestEmailChange({ newEmail: other.email, password: "new battery staple" }), "CONFLICT");
    await callerFor(person.id).account.requestEmailChange({ newEmail: "renamed@example.test", password: "new battery staple" });
    expect((await db().select({ email: users.email }).from(users).where(eq(users.id, person.id)))[0]!.email).toBe(person.email);
    const token = new URL(linkIn(mail.to("renamed@example.test")[0]!.text, "http://confab.example.test/confirm-email?token=")).searchParams.get("token")!;
    expect(await callerFor(null).account.confirmEmailChange({ token })).toEqual({ email: "renamed@example.test" });
    expect((await db().select({ email: users.email }).from(users).where(eq(users.id, person.id)))[0]!.email).toBe("renamed@example.test");
    await expectTrpcError(callerFor(null).account.confirmEmailChange({ token }), "BAD_REQUEST");
  });
});
