import { readdir, readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { eq, inArray } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../src/env";
import { UNSUBSCRIBE_PURPOSE } from "../../src/server/actions/notifications/unsubscribe-link";
import { appRouter, createCaller } from "../../src/server/api/root";
import { issueAccountToken, signedUserToken } from "../../src/server/auth/account-tokens";
import { hashPassword } from "../../src/server/auth/password";
import { startSession } from "../../src/server/auth/session-validity";
import { db } from "../../src/server/db/client";
import { apps, linkPreviews, messagePreviews, responseUrls, supportConversations, users } from "../../src/server/db/schema";
import { botActor, runAction, visitorActor } from "../../src/server/actions/context";
import { uploadFile } from "../../src/server/actions/files/upload-file";
import { backgroundSettled } from "../../src/server/jobs/background";
import { visitorFromToken } from "../../src/server/support/visitor-session";
import { sendMessage } from "../../src/server/actions/messages/send-message";
import { proxiedImageUrl } from "../../src/server/previews/link-preview";
import { TEST_APP_PORT, TEST_DNS_PORT, TEST_PREVIEW_PORT, TEST_PUSH_PORT, TEST_SMTP_PORT } from "../setup/env";
import { sessionCookie, startDoorServer } from "./door-server";
import { callerFor, joinedMember, makeUser, tableSizes, workspaceWithOwner } from "./factories";
import { signedWebhook } from "./livekit-webhooks";
import { startMailServer } from "./mail-server";
import { samlIdp } from "./saml-idp";
import { txtDnsServer } from "./txt-dns-server";

// Who may call what, every cell called: each refusal next to the same call succeeding for someone it is meant for,
// so a NOT_FOUND is a refusal and never a fixture the call could not have worked with.

const PASSWORD = "violet-otter-42";
const short = () => crypto.randomUUID().slice(0, 8);
const nonce = () => crypto.randomUUID();
const pushKeys = { p256dh: "B".repeat(87), auth: "A".repeat(22) };
/** A push endpoint the outbound guard lets through in tests (nothing is pushed to it here). */
const pushEndpoint = () => `http://127.0.0.1:${TEST_PUSH_PORT}/push/${nonce()}`;

const dns = txtDnsServer(TEST_DNS_PORT);
const idp = await samlIdp();
let passwordHash: string;
let mail: Awaited<ReturnType<typeof startMailServer>>;
let doors: Awaited<ReturnType<typeof startDoorServer>>;
let site: Server;
let logo: Buffer;
let appServer: Server;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
  logo = await sharp({ create: { width: 40, height: 40, channels: 3, background: "#f59e0b" } }).png().toBuffer();
  // The linked site of a link preview, on the one loopback port the test setting lets the server fetch from.
  site = createServer((req, res) => (req.url === "/logo.png" ? res.writeHead(200, { "content-type": "image/png" }).end(logo) : res.writeHead(404).end()));
  await new Promise<void>((resolve) => site.listen(TEST_PREVIEW_PORT, "127.0.0.1", resolve));
  mail = await startMailServer(TEST_SMTP_PORT);
  // An app's interactivity URL, taking every click.
  appServer = createServer((_req, res) => res.writeHead(200).end());
  await new Promise<void>((resolve) => appServer.listen(TEST_APP_PORT, "127.0.0.1", resolve));
  await Promise.all([dns.listen(), idp.listen()]);
  doors = await startDoorServer();
});

afterAll(async () => {
  site.closeAllConnections();
  await Promise.all([new Promise((resolve) => site.close(resolve)), new Promise((resolve) => appServer.close(resolve)), mail.close(), dns.close(), idp.close(), doors.close()]);
});

/**
 * The owner of a workspace; a plain member in #general only; an insider, a plain member who is also in the private
 * channel; a stranger, signed in but in no workspace of theirs. All have a password. The owner's private channel has
 * a message and a call; the workspace has an invite, an OIDC connection and a claimed domain (its TXT record
 * published), and the owner a push subscription and unused reset and email-change links.
 */
const PREVIEWED_URL = "https://example.com/";

async function fixtures() {
  const { owner, workspace } = await workspaceWithOwner("Matrix");
  const member = await joinedMember(owner.id, workspace.id, "Member");
  const insider = await joinedMember(owner.id, workspace.id, "Insider");
  const stranger = await makeUser("Stranger");
  const asOwner = callerFor(owner.id);
  // A multi-channel guest in #general only, and a former member deactivated (in no other workspace).
  const workspaceGuest = await makeUser("Workspace Guest");
  const guestInvite = await asOwner.invites.create({ workspaceId: workspace.id, role: "guest", expiresIn: "7d", maxUses: 1, channelIds: [workspace.generalChannelId!] });
  await callerFor(workspaceGuest.id).invites.accept({ token: guestInvite.token });
  const deactivated = await joinedMember(owner.id, workspace.id, "Deactivated");
  await asOwner.workspaces.deactivateMember({ workspaceId: workspace.id, userId: deactivated.id });
  await db().update(users).set({ passwordHash }).where(inArray(users.id, [owner.id, member.id, insider.id, stranger.id, workspaceGuest.id, deactivated.id]));
  const invite = await asOwner.invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
  const secret = await asOwner.channels.create({ workspaceId: workspace.id, name: `secret-${short()}`, kind: "private" });
  await asOwner.channels.addMember({ channelId: secret.id, userId: insider.id });
  const secretMessage = await asOwner.messages.send({ channelId: secret.id, body: "psst", clientNonce: nonce() });
  // A preview as the preview job would have stored it, for its author to remove.
  await db().insert(linkPreviews).values({ url: PREVIEWED_URL, ok: true, title: "Example" }).onConflictDoNothing();
  await db().insert(messagePreviews).values({ messageId: secretMessage.id, url: PREVIEWED_URL, position: 0 });
  const secretCall = await asOwner.calls.join({ channelId: secret.id });
  // A DM call from the owner, ringing the insider: the one a decline answers.
  const dm = await asOwner.channels.openDm({ workspaceId: workspace.id, userIds: [insider.id] });
  const ringingCall = await asOwner.calls.join({ channelId: dm.id });
  const connection = await asOwner.sso.createOidcConnection({ workspaceId: workspace.id, name: "Okta", issuer: "https://idp.example", clientId: "c", clientSecret: "s" });
  const domain = await asOwner.sso.claimDomain({ workspaceId: workspace.id, domain: `owned-${short()}.example` });
  const claim = (await asOwner.sso.settings({ workspaceId: workspace.id })).domains.find((entry) => entry.id === domain.id)!;
  dns.publish(claim.record.name, claim.record.value);
  const ownerPush = await asOwner.notifications.subscribePush({ endpoint: pushEndpoint(), keys: pushKeys });
  const app = await asOwner.apps.create({ workspaceId: workspace.id, name: "Matrix Bot", description: "", scopes: ["chat:write", "channels:history", "groups:history", "commands", "files:write"] });
  const command = await asOwner.apps.createCommand({ appId: app.appId, command: "/matrix", url: `http://127.0.0.1:${TEST_APP_PORT}/commands`, description: "", usageHint: "" });
  const webhook = await asOwner.apps.createWebhook({ appId: app.appId, channelId: workspace.generalChannelId });
  // The app in the private channel too, with a message there that has a button, and somewhere to send clicks.
  await db().update(apps).set({ interactivityUrl: `http://127.0.0.1:${TEST_APP_PORT}/clicks` }).where(eq(apps.id, app.appId));
  const [installed] = await db().select().from(apps).where(eq(apps.id, app.appId));
  await asOwner.channels.addMember({ channelId: secret.id, userId: installed!.botUserId });
  const appMessage = await runAction(botActor(installed!), sendMessage, {
    channelId: secret.id,
    body: "Deploy?",
    fileIds: [],
    clientNonce: nonce(),
    alsoInChannel: false,
    appContent: { blocks: [{ type: "actions", elements: [{ type: "button", actionId: "go", text: "Go", value: "1" }] }], attachments: [], username: null, iconUrl: null, iconEmoji: null },
  });
  // Live chat: an inbox the owner and the insider answer, a visitor's conversation in it, and another visitor.
  const inbox = await asOwner.support.createInbox({ workspaceId: workspace.id, name: "Help", allowedOrigins: ["https://site.example.test"], agentIds: [owner.id, insider.id], autoAssignLimit: 0 });
  const visitorIp = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const widgetSession = () => createCaller({ userId: null, ip: visitorIp }).widget.session({ inboxKey: inbox.key, hostOrigin: "https://site.example.test" });
  const guestToken = (await widgetSession()).token;
  const { conversation } = await createCaller({ userId: null, visitorToken: guestToken, ip: visitorIp }).widget.start({ name: "Guest", email: "guest@example.test", body: "help me", clientNonce: nonce() });
  const asGuest = createCaller({ userId: null, visitorToken: guestToken, ip: visitorIp });
  const { conversation: closedConversation } = await asGuest.widget.start({ name: "Guest", email: "guest@example.test", body: "an older question", clientNonce: nonce() });
  await callerFor(insider.id).support.close({ conversationId: closedConversation.id });
  const visitorToken = (await widgetSession()).token;
  const savedReply = await callerFor(insider.id).support.createSavedReply({ inboxId: inbox.id, shortcut: `hi-${short()}`, body: "Hello!" });
  const resetToken = await db().transaction((tx) => issueAccountToken(tx, owner.id, "password_reset", 60 * 60_000));
  const emailChangeToken = await db().transaction((tx) => issueAccountToken(tx, owner.id, "email_change", 60 * 60_000, `renamed.${short()}@example.test`));
  const legalHold = await asOwner.retention.placeHold({ workspaceId: workspace.id, kind: "user", targetId: insider.id, reason: "matrix" });
  const scimToken = await asOwner.scim.createToken({ workspaceId: workspace.id, name: "Okta" });
  const group = await asOwner.userGroups.create({ workspaceId: workspace.id, handle: `insiders-${short()}`, name: "Insiders", memberIds: [insider.id] });
  const ownerSession = await startSession(db(), { userId: owner.id, method: "password", twoFactor: false, userAgent: "matrix", ip: "10.0.0.1" });
  const enrollments: Partial<Record<string, string>> = {};
  for (const [who, person] of Object.entries({ stranger, member, workspaceGuest, owner })) enrollments[who] = (await callerFor(person.id).account.startTwoFactorSetup({})).enrollmentToken;
  return {
    owner,
    member,
    insider,
    stranger,
    workspaceGuest,
    deactivated,
    workspace,
    invite,
    secret,
    secretMessage,
    secretCall,
    ringingCall,
    app,
    webhook,
    command,
    appMessage,
    connection,
    domain,
    ownerPush,
    resetToken,
    emailChangeToken,
    ownerSession,
    enrollments,
    group,
    scimToken,
    legalHold,
    inbox,
    conversation,
    closedConversation,
    savedReply,
    visitors: { guest: guestToken, visitor: visitorToken, ip: visitorIp },
  };
}

type Fixtures = Awaited<ReturnType<typeof fixtures>>;
type Caller = ReturnType<typeof callerFor>;
/**
 * The cells every row is called as: signed out; a stranger; a plain member; a website's visitor, through the live-chat
 * widget's token (a visitor of the workspace's inbox, not the one whose conversation the fixtures hold); a guest of
 * the workspace; a member the workspace deactivated.
 */
type Cell = "signedOut" | "stranger" | "member" | "visitor" | "workspaceGuest" | "deactivated";
/** guest: the visitor whose conversation it is. */
type Who = Cell | "owner" | "insider" | "guest";
/** What a caller gets: a tRPC error code, or "allowed" (for a signed-out caller, "public"). */
type Outcome = TRPCError["code"] | "allowed";
interface Row {
  call: (caller: Caller, f: Fixtures, who: Who) => Promise<unknown>;
  signedOut: Outcome | "public";
  /** Signed in, but not in the workspace. */
  stranger: Outcome;
  /** In the workspace (a plain member), but not in the private channel, and not on the inbox's team. */
  member: Outcome;
  /** A guest of the workspace, in #general only. Unless the row says otherwise, as a plain member. */
  workspaceGuest?: Outcome;
  /** Deactivated by the workspace, a member of no other. Unless the row says otherwise, as a stranger. */
  deactivated?: Outcome;
  /**
   * A website's visitor. Unless the row says otherwise, a visitor is nobody to the app's API: what is public for
   * the signed out is allowed, everything else UNAUTHORIZED.
   */
  visitor?: Outcome;
  /**
   * Who makes the same call, and must succeed, where everyone above is refused: the owner, the insider (a plain
   * member in the private channel and on the inbox's team), or the guest (the visitor whose conversation it is).
   */
  control?: "owner" | "insider" | "guest";
  /** The allowed call changes what the next one would find (leaves, deletes, uses a link up): fixtures of its own each. */
  fresh?: true;
  /** What the allowed call must have returned, beyond not throwing. */
  check?: (result: unknown, f: Fixtures, who: Who) => void;
}

/** A wrong code is the allowed caller's answer too: the call reached the check of their own second factor. */
async function expectWrongCode(error: unknown): Promise<void> {
  if (!(error instanceof TRPCError && error.code === "BAD_REQUEST" && /not right|expired/.test(error.message))) throw error;
}

const userIdOf = (f: Fixtures, who: Who) => (who === "signedOut" || who === "visitor" || who === "guest" ? null : f[who].id);
function outcomeFor(row: Row, who: Cell): Outcome | "public" {
  if (who === "visitor") return row.visitor ?? (row.signedOut === "public" ? "allowed" : "UNAUTHORIZED");
  if (who === "workspaceGuest") return row.workspaceGuest ?? row.member;
  if (who === "deactivated") return row.deactivated ?? row.stranger;
  return row[who];
}

/** The first frame of someone's event stream (a stream needs a signal to end by), then the stream closed. */
async function firstStreamFrame(caller: (signal: AbortSignal) => Promise<unknown>) {
  const controller = new AbortController();
  try {
    const stream = (await caller(controller.signal)) as AsyncIterable<unknown>;
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    controller.abort();
    await iterator.return?.(undefined);
    return first.value;
  } finally {
    controller.abort();
  }
}

/** The caller as each one reaches the API: a session, or (a visitor) the widget's token from their address. */
function contextOf(f: Fixtures, who: Who, signal?: AbortSignal) {
  if (who === "visitor" || who === "guest") return createCaller({ userId: null, visitorToken: f.visitors[who], ip: f.visitors.ip }, { signal });
  return createCaller({ userId: userIdOf(f, who) }, { signal });
}

// Every procedure of the app router, so that a new one cannot appear without someone deciding who may call it.
const matrix: Record<string, Row> = {
  "users.signUp": {
    call: (c) => c.users.signUp({ name: "New Person", email: `signup.${short()}@example.test`, password: PASSWORD }),
    signedOut: "public",
    stranger: "allowed",
    member: "allowed",
    check: (result) => expect(result).toMatchObject({ id: expect.any(String) }),
  },
  "users.me": { call: (c) => c.users.me(), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed", check: (result, f, who) => expect(result).toMatchObject({ id: userIdOf(f, who) }) },
  "users.updateProfile": { call: (c) => c.users.updateProfile({ name: "X" }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  // Only the caller's own status: there is no user id to point elsewhere.
  "users.setStatus": { call: (c) => c.users.setStatus({ emoji: "🌴", text: "Away", expiresAt: null }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "users.setReadReceipts": { call: (c) => c.users.setReadReceipts({ on: false }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "users.setDoNotDisturb": { call: (c) => c.users.setDoNotDisturb({ until: null }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "account.requestPasswordReset": { call: (c) => c.account.requestPasswordReset({ email: `reset.${short()}@example.test` }), signedOut: "public", stranger: "allowed", member: "allowed" },
  // Holding the emailed link is the permission: whoever opens it, signed in as anyone or not.
  "account.resetPassword": {
    call: (c, f) => c.account.resetPassword({ token: f.resetToken, password: "new-violet-otter-42" }),
    signedOut: "public",
    stranger: "allowed",
    member: "allowed",
    fresh: true,
    check: (result, f) => expect(result).toEqual({ email: f.owner.email }),
  },
  "account.confirmEmailChange": { call: (c, f) => c.account.confirmEmailChange({ token: f.emailChangeToken }), signedOut: "public", stranger: "allowed", member: "allowed", fresh: true },
  "account.changePassword": { call: (c) => c.account.changePassword({ currentPassword: PASSWORD, newPassword: "new-violet-otter-42" }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed", fresh: true },
  "account.requestEmailChange": { call: (c) => c.account.requestEmailChange({ newEmail: `moved.${short()}@example.test`, password: PASSWORD }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  // One's own security only: there is no user id to point at anyone else's sessions or second factor.
  "account.security": {
    call: (c) => c.account.security(),
    signedOut: "UNAUTHORIZED",
    stranger: "allowed",
    member: "allowed",
    check: (result) => expect(result).toMatchObject({ twoFactor: { enabledAt: null } }),
  },
  // Signed out, the password is the credential: a setup only for an account a workspace requires it of.
  "account.startTwoFactorSetup": {
    call: (c) => c.account.startTwoFactorSetup({}),
    signedOut: "BAD_REQUEST",
    visitor: "BAD_REQUEST",
    stranger: "allowed",
    member: "allowed",
    check: (result) => expect(result).toMatchObject({ recoveryCodes: expect.any(Array), enrollmentToken: expect.any(String) }),
  },
  "account.enableTwoFactor": {
    call: (c, f, who) => c.account.enableTwoFactor({ enrollmentToken: f.enrollments[who as "member"] ?? "none", code: "000000" }).catch(expectWrongCode),
    signedOut: "UNAUTHORIZED",
    stranger: "allowed",
    member: "allowed",
  },
  "account.disableTwoFactor": { call: (c) => c.account.disableTwoFactor({ code: "000000" }).catch(expectWrongCode), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "account.regenerateRecoveryCodes": { call: (c) => c.account.regenerateRecoveryCodes({ code: "000000" }).catch(expectWrongCode), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  // Someone else's session is not theirs to end: nothing ends.
  "account.endSession": {
    call: (c, f) => c.account.endSession({ sessionId: f.ownerSession }),
    signedOut: "UNAUTHORIZED",
    stranger: "allowed",
    member: "allowed",
    control: "owner",
    fresh: true,
    check: (result, _f, who) => expect(result).toEqual({ ended: who === "owner" ? 1 : 0 }),
  },
  "account.endOtherSessions": { call: (c) => c.account.endOtherSessions(), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed", fresh: true },
  "account.signOut": { call: (c) => c.account.signOut(), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "account.deleteAccount": {
    call: (c, f, who) => c.account.deleteAccount({ confirmEmail: (f as unknown as Record<string, { email?: string } | undefined>)[who]?.email ?? "nobody@example.test", password: PASSWORD }),
    signedOut: "UNAUTHORIZED",
    stranger: "allowed",
    member: "allowed",
    fresh: true,
  },
  "notifications.deliveryOptions": { call: (c) => c.notifications.deliveryOptions(), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  // Only the caller's own devices are listed: the owner's subscription is never among anyone else's.
  "notifications.pushSubscriptions": {
    call: (c) => c.notifications.pushSubscriptions(),
    signedOut: "UNAUTHORIZED",
    stranger: "allowed",
    member: "allowed",
    control: "owner",
    check: (result, f, who) => expect((result as Array<{ id: string }>).map((entry) => entry.id)).toEqual(who === "owner" ? [f.ownerPush.id] : []),
  },
  "notifications.subscribePush": { call: (c) => c.notifications.subscribePush({ endpoint: pushEndpoint(), keys: pushKeys }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "notifications.revokePush": { call: (c, f) => c.notifications.revokePush({ id: f.ownerPush.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner", fresh: true },
  "notifications.preferences": { call: (c) => c.notifications.preferences(), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "notifications.setPreferences": {
    call: (c) => c.notifications.setPreferences({ level: "all", keywords: [], threadReplies: true, desktop: true, sound: true, email: "never", timeZone: null, schedule: null }),
    signedOut: "UNAUTHORIZED",
    stranger: "allowed",
    member: "allowed",
  },
  "notifications.setChannel": {
    call: (c, f) => c.notifications.setChannel({ channelId: f.secret.id, level: "all", muted: true, ignoreChannelMentions: false }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "NOT_FOUND",
    control: "insider",
  },
  "presence.list": { call: (c, f) => c.presence.list({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "presence.setTabState": { call: (c) => c.presence.setTabState({ tabId: nonce(), active: true }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },

  "workspaces.list": {
    call: (c) => c.workspaces.list(),
    signedOut: "UNAUTHORIZED",
    stranger: "allowed",
    member: "allowed",
    check: (result, f, who) => expect((result as Array<{ id: string }>).map((entry) => entry.id)).toEqual(who === "stranger" || who === "deactivated" ? [] : [f.workspace.id]),
  },
  "workspaces.members": { call: (c, f) => c.workspaces.members({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "workspaces.create": { call: (c) => c.workspaces.create({ name: "New", slug: `new-${short()}` }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "workspaces.update": { call: (c, f) => c.workspaces.update({ workspaceId: f.workspace.id, name: "Taken over" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "workspaces.leave": { call: (c, f) => c.workspaces.leave({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed", fresh: true },
  "workspaces.changeRole": {
    call: (c, f) => c.workspaces.changeRole({ workspaceId: f.workspace.id, userId: f.insider.id, role: "admin" }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
    fresh: true,
  },
  "workspaces.directory": {
    call: (c, f) => c.workspaces.directory({ workspaceId: f.workspace.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "allowed",
    workspaceGuest: "FORBIDDEN",
    check: (result) => expect((result as { counts: { active: number } }).counts.active).toBeGreaterThan(2),
  },
  "workspaces.deactivateMember": {
    call: (c, f) => c.workspaces.deactivateMember({ workspaceId: f.workspace.id, userId: f.insider.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
    fresh: true,
  },
  "workspaces.reactivateMember": {
    call: (c, f) => c.workspaces.reactivateMember({ workspaceId: f.workspace.id, userId: f.deactivated.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
    fresh: true,
  },
  "workspaces.transferOwnership": {
    call: (c, f) => c.workspaces.transferOwnership({ workspaceId: f.workspace.id, userId: f.insider.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
    fresh: true,
  },
  "transfers.list": { call: (c, f) => c.transfers.list({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "transfers.startExport": { call: (c, f) => c.transfers.startExport({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "retention.settings": { call: (c, f) => c.retention.settings({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  // The private channel does not exist for those outside it, admins of the workspace or not.
  "retention.setChannel": { call: (c, f) => c.retention.setChannel({ channelId: f.secret.id, days: 90 }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner" },
  "retention.placeHold": {
    call: (c, f) => c.retention.placeHold({ workspaceId: f.workspace.id, kind: "channel", targetId: f.secret.id, reason: "" }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
  },
  "retention.releaseHold": { call: (c, f) => c.retention.releaseHold({ holdId: f.legalHold.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner", fresh: true },
  "scim.tokens": { call: (c, f) => c.scim.tokens({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "scim.createToken": { call: (c, f) => c.scim.createToken({ workspaceId: f.workspace.id, name: "Entra" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "scim.revokeToken": { call: (c, f) => c.scim.revokeToken({ tokenId: f.scimToken.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner", fresh: true },
  "userGroups.list": { call: (c, f) => c.userGroups.list({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "userGroups.create": {
    call: (c, f) => c.userGroups.create({ workspaceId: f.workspace.id, handle: `team-${short()}`, name: "Team" }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
  },
  "userGroups.update": { call: (c, f) => c.userGroups.update({ groupId: f.group.id, name: "Renamed" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "userGroups.delete": { call: (c, f) => c.userGroups.delete({ groupId: f.group.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner", fresh: true },
  "workspaces.removeMember": {
    call: (c, f) => c.workspaces.removeMember({ workspaceId: f.workspace.id, userId: f.insider.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
    fresh: true,
  },

  "invites.preview": {
    call: (c, f) => c.invites.preview({ token: f.invite.token }),
    signedOut: "public",
    stranger: "allowed",
    member: "allowed",
    check: (result) => expect(JSON.stringify(result)).toContain("Matrix"),
  },
  "invites.list": { call: (c, f) => c.invites.list({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "invites.create": {
    call: (c, f) => c.invites.create({ workspaceId: f.workspace.id, role: "member", expiresIn: "7d", maxUses: null }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
  },
  "invites.revoke": { call: (c, f) => c.invites.revoke({ inviteId: f.invite.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner", fresh: true },
  // Holding the link is the permission.
  // …except for someone the workspace deactivated: only an admin brings them back.
  "invites.accept": { call: (c, f) => c.invites.accept({ token: f.invite.token }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed", deactivated: "FORBIDDEN", fresh: true },

  "channels.mine": {
    call: (c, f) => c.channels.mine({ workspaceId: f.workspace.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "allowed",
    control: "insider",
    // The private channel is in the insider's sidebar only.
    check: (result, f, who) => expect((result as Array<{ id: string }>).some((channel) => channel.id === f.secret.id)).toBe(who === "insider"),
  },
  "channels.browse": {
    call: (c, f) => c.channels.browse({ workspaceId: f.workspace.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "allowed",
    // A guest browses nothing: the channels they may see are the ones they were given.
    check: (result, f, who) => (who === "workspaceGuest" ? expect(result).toEqual([]) : expect(JSON.stringify(result)).not.toContain(f.secret.id)),
  },
  "channels.get": {
    call: (c, f) => c.channels.get({ channelId: f.secret.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "NOT_FOUND",
    control: "insider",
    check: (result, f) => expect(result).toMatchObject({ id: f.secret.id }),
  },
  "channels.members": { call: (c, f) => c.channels.members({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "channels.create": { call: (c, f) => c.channels.create({ workspaceId: f.workspace.id, name: `sneaky-${short()}`, kind: "public" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed", workspaceGuest: "FORBIDDEN" },
  "channels.update": { call: (c, f) => c.channels.update({ channelId: f.secret.id, topic: "mine" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner" },
  "channels.setArchived": { call: (c, f) => c.channels.setArchived({ channelId: f.secret.id, archived: true }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner", fresh: true },
  // Nobody joins a private channel by themselves; one already in it joining again changes nothing, and is no refusal.
  "channels.join": { call: (c, f) => c.channels.join({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "channels.leave": { call: (c, f) => c.channels.leave({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider", fresh: true },
  "channels.addMember": { call: (c, f) => c.channels.addMember({ channelId: f.secret.id, userId: f.member.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner", fresh: true },
  "channels.removeMember": {
    call: (c, f) => c.channels.removeMember({ channelId: f.secret.id, userId: f.insider.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "NOT_FOUND",
    control: "owner",
    fresh: true,
  },
  "channels.openDm": { call: (c, f) => c.channels.openDm({ workspaceId: f.workspace.id, userIds: [f.owner.id] }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "channels.receipts": { call: (c, f) => c.channels.receipts({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "channels.markRead": { call: (c, f) => c.channels.markRead({ channelId: f.secret.id, seq: 1 }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "channels.markUnread": { call: (c, f) => c.channels.markUnread({ channelId: f.secret.id, seq: 1 }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },

  "messages.history": {
    call: (c, f) => c.messages.history({ channelId: f.secret.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "NOT_FOUND",
    control: "insider",
    check: (result) => expect((result as { messages: Array<{ body: string }> }).messages.map((message) => message.body)).toContain("psst"),
  },
  "messages.thread": { call: (c, f) => c.messages.thread({ rootId: f.secretMessage.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "messages.send": { call: (c, f) => c.messages.send({ channelId: f.secret.id, body: "hi", clientNonce: nonce() }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "messages.edit": {
    call: (c, f) => c.messages.edit({ messageId: f.secretMessage.id, body: "changed" }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "NOT_FOUND",
    control: "owner",
    fresh: true,
  },
  "messages.removePreview": {
    call: (c, f) => c.messages.removePreview({ messageId: f.secretMessage.id, url: PREVIEWED_URL }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "NOT_FOUND",
    control: "owner",
    fresh: true,
  },
  "files.list": { call: (c, f) => c.files.list({ workspaceId: f.workspace.id, channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "files.limits": { call: (c, f) => c.files.limits({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "search.workspace": {
    call: (c, f) => c.search.workspace({ workspaceId: f.workspace.id, query: "psst" }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "allowed",
    control: "insider",
    // The private channel's message is found by those in it only.
    check: (result, f, who) => expect(JSON.stringify(result).includes(f.secretMessage.id)).toBe(who === "insider"),
  },
  "messages.delete": { call: (c, f) => c.messages.delete({ messageId: f.secretMessage.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner", fresh: true },
  "messages.pins": { call: (c, f) => c.messages.pins({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "messages.saved": { call: (c, f) => c.messages.saved({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "messages.threads": { call: (c, f) => c.messages.threads({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "messages.setPinned": { call: (c, f) => c.messages.setPinned({ messageId: f.secretMessage.id, on: true }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "messages.setSaved": { call: (c, f) => c.messages.setSaved({ messageId: f.secretMessage.id, on: true }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "messages.markThreadRead": { call: (c, f) => c.messages.markThreadRead({ rootId: f.secretMessage.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "messages.react": { call: (c, f) => c.messages.react({ messageId: f.secretMessage.id, emoji: "👀" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "calls.config": { call: (c) => c.calls.config(), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "calls.active": {
    call: (c, f) => c.calls.active({ workspaceId: f.workspace.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "allowed",
    control: "insider",
    // The private channel's call is listed for those in it only.
    check: (result, f, who) => expect(JSON.stringify(result).includes(f.secretCall.callId)).toBe(who === "insider"),
  },
  "calls.join": { call: (c, f) => c.calls.join({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider", fresh: true },
  "calls.decline": { call: (c, f) => c.calls.decline({ callId: f.ringingCall.callId }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider", fresh: true },
  "calls.end": { call: (c, f) => c.calls.end({ callId: f.secretCall.callId }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner", fresh: true },
  "apps.list": { call: (c, f) => c.apps.list({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner", check: (result, f) => expect((result as Array<{ id: string }>).map((app) => app.id)).toEqual([f.app.appId]) },
  "apps.create": {
    call: (c, f) => c.apps.create({ workspaceId: f.workspace.id, name: "Another", description: "", scopes: [] }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
    check: (result) => expect(result).toMatchObject({ botToken: expect.stringMatching(/^xoxb-/), appToken: expect.stringMatching(/^xapp-/) }),
  },
  "apps.update": { call: (c, f) => c.apps.update({ appId: f.app.appId, scopes: ["chat:write", "users:read", "commands"] }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner" },
  "apps.rotateToken": { call: (c, f) => c.apps.rotateToken({ appId: f.app.appId, kind: "bot" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner", fresh: true },
  "apps.signingSecret": { call: (c, f) => c.apps.signingSecret({ appId: f.app.appId }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner", check: (result, f) => expect(result).toEqual({ signingSecret: f.app.signingSecret }) },
  "apps.delete": { call: (c, f) => c.apps.delete({ appId: f.app.appId }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner", fresh: true },
  "apps.createWebhook": { call: (c, f) => c.apps.createWebhook({ appId: f.app.appId, channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner" },
  // A click is for the people who can read the message; the fixture's app message is in the private channel.
  "apps.clickBlockAction": {
    call: (c, f) => c.apps.clickBlockAction({ messageId: f.appMessage.id, action: { type: "button", actionId: "go", value: "1" } }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "NOT_FOUND",
    control: "insider",
  },
  "apps.createCommand": {
    call: (c, f) => c.apps.createCommand({ appId: f.app.appId, command: "/another", url: `http://127.0.0.1:${TEST_APP_PORT}/commands`, description: "", usageHint: "" }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "NOT_FOUND",
    control: "owner",
  },
  "apps.deleteCommand": { call: (c, f) => c.apps.deleteCommand({ commandId: f.command.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner", fresh: true },
  "commands.list": {
    call: (c, f) => c.commands.list({ workspaceId: f.workspace.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "allowed",
    check: (result) => expect((result as Array<{ command: string }>).map((command) => command.command)).toContain("/matrix"),
  },
  // A command runs where its caller is: the private channel does not exist for anyone else.
  "commands.run": {
    call: (c, f) => c.commands.run({ channelId: f.secret.id, command: "/mute", text: "" }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "NOT_FOUND",
    control: "insider",
    check: (result) => expect(result).toMatchObject({ ephemeral: [expect.objectContaining({ body: expect.stringMatching(/^You (un)?muted #secret-/) })] }),
  },
  "apps.revokeWebhook": { call: (c, f) => c.apps.revokeWebhook({ webhookId: f.webhook.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner", fresh: true },
  "sso.settings": { call: (c, f) => c.sso.settings({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "audit.list": { call: (c, f) => c.audit.list({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "sso.createOidcConnection": {
    call: (c, f) => c.sso.createOidcConnection({ workspaceId: f.workspace.id, name: "X", issuer: "https://idp.example", clientId: "x", clientSecret: "y" }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
  },
  "sso.createSamlConnection": {
    call: (c, f) => c.sso.createSamlConnection({ workspaceId: f.workspace.id, name: "X", metadataXml: idp.metadataXml() }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
  },
  "sso.updateConnection": { call: (c, f) => c.sso.updateConnection({ connectionId: f.connection.id, name: "Mine" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "sso.deleteConnection": { call: (c, f) => c.sso.deleteConnection({ connectionId: f.connection.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner", fresh: true },
  "sso.claimDomain": { call: (c, f) => c.sso.claimDomain({ workspaceId: f.workspace.id, domain: `claimed-${short()}.example` }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "sso.verifyDomain": {
    call: (c, f) => c.sso.verifyDomain({ domainId: f.domain.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
    fresh: true,
    check: (result) => expect(result).toEqual({ verified: true }),
  },
  "sso.removeDomain": { call: (c, f) => c.sso.removeDomain({ domainId: f.domain.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner", fresh: true },
  "sso.setRequireSso": { call: (c, f) => c.sso.setRequireSso({ workspaceId: f.workspace.id, on: false }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },
  "typing.start": { call: (c, f) => c.typing.start({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },

  // Live chat, the team's side: admins set inboxes up; the inbox's team (the insider here) answers.
  "support.inboxes": {
    call: (c, f) => c.support.inboxes({ workspaceId: f.workspace.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
    check: (result, f) => expect((result as Array<{ id: string }>).map((inbox) => inbox.id)).toEqual([f.inbox.id]),
  },
  "support.createInbox": {
    call: (c, f) => c.support.createInbox({ workspaceId: f.workspace.id, name: "Another", allowedOrigins: ["https://other.example.test"], agentIds: [f.owner.id], autoAssignLimit: 0 }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "FORBIDDEN",
    control: "owner",
  },
  "support.updateInbox": { call: (c, f) => c.support.updateInbox({ inboxId: f.inbox.id, name: "Taken" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner" },
  "support.deleteInbox": { call: (c, f) => c.support.deleteInbox({ inboxId: f.inbox.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "owner", fresh: true },
  // Counts and lists are of the inboxes one answers: nothing for a member who answers none.
  "support.counts": {
    call: (c, f) => c.support.counts({ workspaceId: f.workspace.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "allowed",
    control: "insider",
    check: (result, _f, who) => expect(result).toMatchObject(who === "insider" ? { open: 1, closed: 1, answering: true } : { open: 0, closed: 0, answering: false }),
  },
  "support.conversations": {
    call: (c, f) => c.support.conversations({ workspaceId: f.workspace.id, view: "open" }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "allowed",
    control: "insider",
    check: (result, f, who) => expect((result as Array<{ id: string }>).map((conversation) => conversation.id)).toEqual(who === "insider" ? [f.conversation.id] : []),
  },
  "support.conversation": {
    call: (c, f) => c.support.conversation({ conversationId: f.conversation.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "NOT_FOUND",
    control: "insider",
    check: (result) => expect(result).toMatchObject({ details: { email: "guest@example.test" } }),
  },
  "support.reply": { call: (c, f) => c.support.reply({ conversationId: f.conversation.id, body: "hello", clientNonce: nonce() }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "support.assign": { call: (c, f) => c.support.assign({ conversationId: f.conversation.id, assigneeId: f.insider.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "support.close": { call: (c, f) => c.support.close({ conversationId: f.conversation.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider", fresh: true },
  "support.reopen": { call: (c, f) => c.support.reopen({ conversationId: f.closedConversation.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider", fresh: true },
  "support.savedReplies": {
    call: (c, f) => c.support.savedReplies({ workspaceId: f.workspace.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "NOT_FOUND",
    member: "allowed",
    control: "insider",
    check: (result, f, who) => expect((result as Array<{ id: string }>).map((reply) => reply.id)).toEqual(who === "insider" ? [f.savedReply.id] : []),
  },
  "support.createSavedReply": { call: (c, f) => c.support.createSavedReply({ inboxId: f.inbox.id, shortcut: `r-${short()}`, body: "Hi" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider" },
  "support.deleteSavedReply": { call: (c, f) => c.support.deleteSavedReply({ replyId: f.savedReply.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND", control: "insider", fresh: true },
  "support.report": { call: (c, f) => c.support.report({ workspaceId: f.workspace.id, days: 30 }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN", control: "owner" },

  // Live chat, the visitor's side: a session for anyone; then each visitor's own conversations, and nothing else.
  "widget.session": {
    call: (c, f) => c.widget.session({ inboxKey: f.inbox.key, hostOrigin: "https://site.example.test" }),
    signedOut: "public",
    stranger: "allowed",
    member: "allowed",
    check: (result, f) => expect(result).toMatchObject({ token: expect.any(String), config: { inboxId: f.inbox.id } }),
  },
  "widget.conversations": {
    call: (c) => c.widget.conversations(),
    signedOut: "UNAUTHORIZED",
    stranger: "UNAUTHORIZED",
    member: "UNAUTHORIZED",
    visitor: "allowed",
    control: "guest",
    check: (result, f, who) => expect((result as Array<{ id: string }>).some((conversation) => conversation.id === f.conversation.id)).toBe(who === "guest"),
  },
  "widget.history": {
    call: (c, f) => c.widget.history({ conversationId: f.conversation.id }),
    signedOut: "UNAUTHORIZED",
    stranger: "UNAUTHORIZED",
    member: "UNAUTHORIZED",
    visitor: "NOT_FOUND",
    control: "guest",
    check: (result) => expect((result as Array<{ body: string }>).map((message) => message.body)).toContain("help me"),
  },
  "widget.start": {
    call: (c) => c.widget.start({ name: "Someone", email: "someone@example.test", body: "hello", clientNonce: nonce() }),
    signedOut: "UNAUTHORIZED",
    stranger: "UNAUTHORIZED",
    member: "UNAUTHORIZED",
    visitor: "allowed",
  },
  "widget.send": { call: (c, f) => c.widget.send({ conversationId: f.conversation.id, body: "more", clientNonce: nonce() }), signedOut: "UNAUTHORIZED", stranger: "UNAUTHORIZED", member: "UNAUTHORIZED", visitor: "NOT_FOUND", control: "guest" },
  "widget.read": { call: (c, f) => c.widget.read({ conversationId: f.conversation.id, seq: 1 }), signedOut: "UNAUTHORIZED", stranger: "UNAUTHORIZED", member: "UNAUTHORIZED", visitor: "NOT_FOUND", control: "guest" },
  "widget.typing": { call: (c, f) => c.widget.typing({ conversationId: f.conversation.id }), signedOut: "UNAUTHORIZED", stranger: "UNAUTHORIZED", member: "UNAUTHORIZED", visitor: "NOT_FOUND", control: "guest" },
  "widget.rate": { call: (c, f) => c.widget.rate({ conversationId: f.closedConversation.id, rating: 4 }), signedOut: "UNAUTHORIZED", stranger: "UNAUTHORIZED", member: "UNAUTHORIZED", visitor: "NOT_FOUND", control: "guest" },
  "widget.transcript": { call: (c, f) => c.widget.transcript({ conversationId: f.conversation.id }), signedOut: "UNAUTHORIZED", stranger: "UNAUTHORIZED", member: "UNAUTHORIZED", visitor: "NOT_FOUND", control: "guest" },
  // Only the visitor's own conversations: no channel, person or workspace event can be asked for.
  "widget.stream": {
    call: (_c, f, who) => firstStreamFrame((signal) => contextOf(f, who, signal).widget.stream({ tabId: nonce() })),
    signedOut: "UNAUTHORIZED",
    stranger: "UNAUTHORIZED",
    member: "UNAUTHORIZED",
    visitor: "allowed",
    check: (result) => expect(result).toEqual([{ type: "stream.ready" }]),
  },

  // Only the caller's own topics: no other user's or workspace's events can be asked for.
  "events.stream": {
    call: (_c, f, who) => firstStreamFrame((signal) => contextOf(f, who, signal).events.stream({ tabId: nonce(), active: true })),
    signedOut: "UNAUTHORIZED",
    stranger: "allowed",
    member: "allowed",
    check: (result) => expect(JSON.stringify(result)).toContain("stream.ready"),
  },
};

async function outcome(promise: Promise<unknown>): Promise<{ got: string; result?: unknown }> {
  try {
    return { got: "succeeded", result: await promise };
  } catch (error) {
    return { got: error instanceof TRPCError ? error.code : `threw ${String(error)}` };
  }
}

const CELLS = ["signedOut", "stranger", "member", "visitor", "workspaceGuest", "deactivated"] as const satisfies readonly Cell[];
const isAllowed = (outcome: Outcome | "public") => outcome === "allowed" || outcome === "public";
/** Everyone who makes a row's call and must succeed: the allowed cells, then its control. */
const allowedCallers = (row: Row): Who[] => [...CELLS.filter((who) => isAllowed(outcomeFor(row, who))), ...(row.control ? [row.control] : [])];
const callerOf = (f: Fixtures, who: Who) => contextOf(f, who);

describe("authorization matrix", () => {
  it("lists every procedure of the app router", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(matrix).sort()).toEqual(procedures);
  });

  it("has, in every row, someone whose same call succeeds", () => {
    const withoutOne = Object.entries(matrix).filter(([, row]) => allowedCallers(row).length === 0 || (!isAllowed(row.member) && !isAllowed(outcomeFor(row, "visitor")) && !row.control));
    expect(withoutOne.map(([name]) => name)).toEqual([]);
  });

  it("refuses every call the matrix refuses, and writes nothing", async () => {
    const f = await fixtures();
    const before = await tableSizes();
    const unexpected: string[] = [];
    for (const [name, row] of Object.entries(matrix)) {
      for (const who of CELLS) {
        const expected = outcomeFor(row, who);
        if (isAllowed(expected)) continue;
        const { got } = await outcome(row.call(callerOf(f, who), f, who));
        if (got !== expected) unexpected.push(`${name} as ${who}: expected ${expected}, got ${got}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(await tableSizes()).toEqual(before);
  });

  it("lets every allowed caller make the same calls: the refusals are refusals, not broken fixtures", { timeout: 180_000 }, async () => {
    const shared = await fixtures();
    const failed: string[] = [];
    for (const [name, row] of Object.entries(matrix)) {
      for (const who of allowedCallers(row)) {
        const f = row.fresh ? await fixtures() : shared;
        const { got, result } = await outcome(row.call(callerOf(f, who), f, who));
        if (got !== "succeeded") {
          failed.push(`${name} as ${who}: expected success, got ${got}`);
          continue;
        }
        try {
          row.check?.(result, f, who);
        } catch (error) {
          failed.push(`${name} as ${who}: succeeded, but ${(error as Error).message.split("\n")[0]}`);
        }
      }
    }
    expect(failed).toEqual([]);
  });
});

// The HTTP doors of src/server/transport/http.ts besides tRPC: who gets which status. Private things answer 404, as NOT_FOUND.

interface HttpRequest {
  path: string;
  method?: "GET" | "POST";
  body?: BodyInit;
  headers?: Record<string, string>;
}
interface HttpCase {
  who: Who;
  /** What is asked for, when it is not the row's own request. */
  request?: (f: HttpFixtures) => HttpRequest | Promise<HttpRequest>;
  status: number;
  /** A refusal that is not an error status (SSO refuses with a redirect to its error page); otherwise any 4xx. */
  refused?: boolean;
  /** A status line alone would not show the answer was the right one. */
  check?: (response: Response, f: HttpFixtures) => void | Promise<void>;
}
interface HttpRow {
  /** The handler src/server/transport/http.ts hands the request to. */
  door: string;
  /** Once, before the row's cases: what the row needs besides the fixtures. */
  prepare?: (f: HttpFixtures) => Promise<void>;
  request: (f: HttpFixtures) => HttpRequest | Promise<HttpRequest>;
  cases: HttpCase[];
}

/**
 * The tRPC fixtures, and: an image sent into the private channel, one uploaded but not sent yet, the member's avatar;
 * in the live-chat conversation, an image the guest sent and a file on an agent's internal note.
 */
async function httpFixtures() {
  const f = await fixtures();
  const upload = async (userId: string, url: string, name: string) => {
    const response = await fetch(`http://${doors.host}${url}${url.includes("?") ? "&" : "?"}name=${name}`, { method: "POST", headers: { cookie: await sessionCookie(userId) }, body: new Uint8Array(logo) });
    expect(response.status).toBe(201);
    return ((await response.json()) as { file: { id: string } }).file;
  };
  const secretFile = await upload(f.owner.id, `/api/files?channelId=${f.secret.id}`, "secret.png");
  await callerFor(f.owner.id).messages.send({ channelId: f.secret.id, body: "", fileIds: [secretFile.id], clientNonce: nonce() });
  const unsent = await upload(f.owner.id, `/api/files?channelId=${f.workspace.generalChannelId}`, "draft.png");
  await upload(f.member.id, "/api/files/avatar", "me.png");
  const avatarPath = (await callerFor(f.member.id).users.me())!.image!;
  // Through the action, not the door: the door counts uploads per address, and every row's fixtures upload.
  const guest = visitorActor((await visitorFromToken(f.visitors.guest))!);
  const guestFile = await runAction(guest, uploadFile, { channelId: f.conversation.id, name: "screenshot.png", size: logo.length, body: Readable.from([logo]) });
  await createCaller({ userId: null, visitorToken: f.visitors.guest, ip: f.visitors.ip }).widget.send({ conversationId: f.conversation.id, body: "", fileIds: [guestFile.id], clientNonce: nonce() });
  const noteFile = await upload(f.insider.id, `/api/files?channelId=${f.conversation.id}`, "note.png");
  await callerFor(f.insider.id).support.reply({ conversationId: f.conversation.id, body: "for us only", fileIds: [noteFile.id], internal: true, clientNonce: nonce() });
  // The sends above left notify jobs to the background worker: done before any row counts "nothing written".
  await backgroundSettled();
  return { ...f, secretFile, unsent, avatarPath, guestFile, noteFile };
}
type HttpFixtures = Awaited<ReturnType<typeof httpFixtures>>;

const redirectTo = (response: Response) => new URL(response.headers.get("location") ?? "", "http://confab.test");
const ssoRefusal = (reason: string) => async (response: Response) => {
  expect({ page: redirectTo(response).pathname, reason: redirectTo(response).searchParams.get("reason"), session: response.headers.getSetCookie().some((cookie) => cookie.startsWith("authjs.session-token=")) }).toEqual({
    page: "/sso/error",
    reason,
    session: false,
  });
};

const samlWorkspace = async (f: HttpFixtures) => {
  // The workspace signs in with SAML only: the OIDC connection goes, the domain is verified, the test IdP connected.
  await callerFor(f.owner.id).sso.deleteConnection({ connectionId: f.connection.id });
  await callerFor(f.owner.id).sso.verifyDomain({ domainId: f.domain.id });
  await callerFor(f.owner.id).sso.createSamlConnection({ workspaceId: f.workspace.id, name: "Test IdP", metadataXml: idp.metadataXml() });
};

/** The private channel a row made for itself, by the fixtures it was made in. */
const vaults = new WeakMap<HttpFixtures, string>();

const httpMatrix: Record<string, HttpRow> = {
  "download a file sent in the private channel": {
    door: "files",
    request: (f) => ({ path: `/api/files/${f.secretFile.id}/secret.png` }),
    cases: [
      { who: "signedOut", status: 401 },
      { who: "stranger", status: 404 },
      { who: "member", status: 404 },
      { who: "guest", status: 404 },
      { who: "insider", status: 200, check: async (response) => expect(Buffer.from(await response.arrayBuffer())).toEqual(logo) },
    ],
  },
  "its thumbnail": {
    door: "files",
    request: (f) => ({ path: `/api/files/${f.secretFile.id}/thumbnail` }),
    cases: [
      { who: "signedOut", status: 401 },
      { who: "stranger", status: 404 },
      { who: "member", status: 404 },
      { who: "insider", status: 200, check: (response) => expect(response.headers.get("content-type")).toBe("image/webp") },
    ],
  },
  "download an upload not sent yet (in #general)": {
    door: "files",
    request: (f) => ({ path: `/api/files/${f.unsent.id}/draft.png` }),
    cases: [
      { who: "signedOut", status: 401 },
      { who: "stranger", status: 404 },
      // In the channel, but it is not theirs until it is sent.
      { who: "member", status: 404 },
      { who: "owner", status: 200 },
    ],
  },
  "upload into the private channel": {
    door: "files",
    request: (f) => ({ path: `/api/files?channelId=${f.secret.id}&name=more.png`, method: "POST", body: new Uint8Array(logo) }),
    cases: [
      { who: "signedOut", status: 401 },
      { who: "stranger", status: 404 },
      { who: "member", status: 404 },
      { who: "insider", status: 201 },
    ],
  },
  "upload into #general": {
    door: "files",
    request: (f) => ({ path: `/api/files?channelId=${f.workspace.generalChannelId}&name=more.png`, method: "POST", body: new Uint8Array(logo) }),
    cases: [
      { who: "signedOut", status: 401 },
      { who: "stranger", status: 404 },
      { who: "guest", status: 404 },
      { who: "member", status: 201 },
    ],
  },
  // Live chat: a visitor's token reaches files in its own conversations only, and never a note's.
  "upload into a live-chat conversation": {
    door: "files",
    request: (f) => ({ path: `/api/files?channelId=${f.conversation.id}&name=more.png`, method: "POST", body: new Uint8Array(logo) }),
    cases: [
      { who: "signedOut", status: 401 },
      { who: "member", status: 404 },
      { who: "visitor", status: 404 },
      { who: "signedOut", request: (f) => ({ path: `/api/files?channelId=${f.conversation.id}&name=more.png`, method: "POST", headers: { "x-confab-visitor": "forged.token" }, body: new Uint8Array(logo) }), status: 401 },
      { who: "guest", status: 201 },
      { who: "insider", status: 201 },
    ],
  },
  "download the guest's image": {
    door: "files",
    request: (f) => ({ path: `/api/files/${f.guestFile.id}/screenshot.png` }),
    cases: [
      { who: "signedOut", status: 401 },
      { who: "member", status: 404 },
      { who: "visitor", status: 404 },
      { who: "guest", status: 200, check: async (response) => expect(Buffer.from(await response.arrayBuffer())).toEqual(logo) },
      { who: "guest", request: (f) => ({ path: `/api/files/${f.guestFile.id}/thumbnail` }), status: 200 },
      { who: "insider", status: 200 },
    ],
  },
  "download a file on an internal note": {
    door: "files",
    request: (f) => ({ path: `/api/files/${f.noteFile.id}/note.png` }),
    cases: [
      { who: "guest", status: 404 },
      { who: "visitor", status: 404 },
      { who: "member", status: 404 },
      { who: "insider", status: 200 },
    ],
  },
  "set one's avatar": {
    door: "files",
    request: () => ({ path: "/api/files/avatar?name=me.png", method: "POST", body: new Uint8Array(logo) }),
    cases: [
      { who: "signedOut", status: 401 },
      { who: "stranger", status: 201 },
      { who: "member", status: 201 },
      // A visitor has no profile here.
      { who: "guest", status: 400 },
    ],
  },
  // An app's icon is for whoever manages the app to change.
  "set an app's icon": {
    door: "files",
    request: (f) => ({ path: `/api/files/app-icon?appId=${f.app.appId}&name=icon.png`, method: "POST", body: new Uint8Array(logo) }),
    cases: [
      { who: "signedOut", status: 401 },
      { who: "stranger", status: 404 },
      { who: "member", status: 404 },
      { who: "owner", status: 201, check: async (response: Response) => expect(await response.json()).toEqual({ iconUrl: expect.stringMatching(/^\/api\/files\/[0-9a-f-]{36}\/icon\.png$/) }) },
    ],
  },
  "see someone's avatar": {
    door: "files",
    request: (f) => ({ path: f.avatarPath }),
    cases: [
      { who: "signedOut", status: 401 },
      // Avatars are for anyone signed in.
      { who: "stranger", status: 200 },
      { who: "owner", status: 200 },
      { who: "guest", status: 404 },
    ],
  },
  "a link preview's image, through our proxy": {
    door: "previewImage",
    request: () => ({ path: proxiedImageUrl(`http://127.0.0.1:${TEST_PREVIEW_PORT}/logo.png`) }),
    cases: [
      { who: "signedOut", status: 401 },
      // The signature is the permission: we signed the URL when we put it in a preview someone could read.
      { who: "stranger", status: 200 },
      { who: "member", status: 200, check: async (response) => expect(Buffer.from(await response.arrayBuffer())).toEqual(logo) },
      // Anything we did not sign is no image of ours.
      { who: "member", status: 404, request: () => ({ path: `/api/previews/image?src=${encodeURIComponent(`http://127.0.0.1:${TEST_PREVIEW_PORT}/logo.png`)}&sig=forged` }) },
    ],
  },
  "LiveKit's webhook": {
    door: "livekitWebhook",
    request: async (f) => {
      const webhook = await signedWebhook({ event: "participant_joined", callId: f.secretCall.callId, identity: f.owner.id });
      return { path: "/api/livekit/webhook", method: "POST", body: webhook.body, headers: { authorization: webhook.authorization } };
    },
    cases: [
      // A session is no signature.
      { who: "signedOut", status: 401, request: async (f) => ({ path: "/api/livekit/webhook", method: "POST", body: (await signedWebhook({ event: "participant_joined", callId: f.secretCall.callId, identity: f.owner.id })).body }) },
      { who: "member", status: 401, request: async (f) => ({ path: "/api/livekit/webhook", method: "POST", body: (await signedWebhook({ event: "participant_joined", callId: f.secretCall.callId, identity: f.member.id })).body }) },
      {
        who: "stranger",
        status: 401,
        request: async (f) => {
          const forged = await signedWebhook({ event: "participant_joined", callId: f.secretCall.callId, identity: f.stranger.id }, { apiKey: "otherkey", apiSecret: "other-secret-other-secret-other-secret" });
          return { path: "/api/livekit/webhook", method: "POST", body: forged.body, headers: { authorization: forged.authorization } };
        },
      },
      // Signed with our key: applied, whoever's connection it came over.
      { who: "signedOut", status: 200, check: async (response) => expect(await response.json()).toEqual({ outcome: "applied" }) },
    ],
  },
  "SSO: start for a domain nobody verified": {
    door: "sso",
    request: () => ({ path: `/api/sso/start?email=${encodeURIComponent(`someone@nobody-${short()}.example`)}` }),
    cases: (["signedOut", "stranger", "member"] as const).map((who) => ({ who, status: 302, refused: true, check: ssoRefusal("no_connection") })),
  },
  "SSO: start for the workspace's verified domain": {
    door: "sso",
    prepare: samlWorkspace,
    request: async (f) => {
      const claim = (await callerFor(f.owner.id).sso.settings({ workspaceId: f.workspace.id })).domains[0]!;
      return { path: `/api/sso/start?email=${encodeURIComponent(`new.person@${claim.domain}`)}` };
    },
    // Anyone may be sent to the identity provider: it decides who they are.
    cases: (["signedOut", "stranger", "member"] as const).map((who) => ({
      who,
      status: 302,
      check: (response: Response) => expect(response.headers.get("location")).toMatch(new RegExp(`^${idp.entityId().replace(/\/idp$/, "")}/sso\\?SAMLRequest=`)),
    })),
  },
  "SSO: the service provider's SAML metadata": {
    door: "sso",
    request: (f) => ({ path: `/api/sso/saml/${f.workspace.id}/metadata` }),
    cases: (["signedOut", "stranger"] as const).map((who) => ({ who, status: 200, check: async (response: Response) => expect(await response.text()).toContain("EntityDescriptor") })),
  },
  "SSO: an answer nobody asked for, posted to the ACS": {
    door: "sso",
    request: (f) => ({ path: `/api/sso/saml/${f.workspace.id}/acs`, method: "POST", body: "SAMLResponse=", headers: { "content-type": "application/x-www-form-urlencoded" } }),
    // A session changes nothing, and nobody is signed in.
    cases: (["signedOut", "stranger", "member"] as const).map((who) => ({ who, status: 302, refused: true, check: ssoRefusal("unsolicited") })),
  },
  "SSO: the OIDC callback without a sign-in under way": {
    door: "sso",
    request: () => ({ path: "/api/sso/oidc/callback?code=x&state=y" }),
    cases: (["signedOut", "stranger", "member"] as const).map((who) => ({ who, status: 302, refused: true, check: ssoRefusal("flow_expired") })),
  },
  "the unsubscribe link of an email": {
    door: "unsubscribeDoor",
    request: (f) => ({ path: `/api/email/unsubscribe?token=${signedUserToken(f.member.id, UNSUBSCRIBE_PURPOSE)}` }),
    cases: [
      // The signed link is the permission, with or without a session (mail clients have none).
      { who: "signedOut", status: 200 },
      { who: "stranger", status: 200 },
      { who: "member", status: 400, request: (f) => ({ path: `/api/email/unsubscribe?token=${Buffer.from(f.member.id).toString("base64url")}.forged` }) },
    ],
  },
  // For load balancers and probes: open to anyone, and saying nothing but up or down.
  health: {
    door: "health",
    request: () => ({ path: "/api/health" }),
    cases: [
      { who: "signedOut", status: 200 },
      { who: "signedOut", request: () => ({ path: "/api/health/live" }), status: 200 },
      { who: "signedOut", request: () => ({ path: "/api/health/ready" }), status: 200, check: async (response) => expect(Object.keys(await response.json()).sort()).toEqual(["database", "driver", "status"]) },
    ],
  },
  // The metrics token is the credential; a person's session is none.
  metrics: {
    door: "metricsDoor",
    request: () => ({ path: "/metrics", headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } }),
    cases: [
      { who: "signedOut", request: () => ({ path: "/metrics" }), status: 401 },
      { who: "owner", request: () => ({ path: "/metrics" }), status: 401 },
      { who: "guest", request: () => ({ path: "/metrics" }), status: 401 },
      { who: "signedOut", status: 200, check: async (response) => expect(await response.text()).toContain("# TYPE confab_event_streams gauge") },
    ],
  },
  // The Slack-compatible API answers to app tokens only: a person's session is no credential there.
  "the Slack Web API with a session but no token": {
    door: "slackApi",
    request: (f) => ({ path: "/api/slack/conversations.history", method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ channel: `C${f.secret.id.replaceAll("-", "").toUpperCase()}` }) }),
    cases: (["signedOut", "stranger", "member", "insider", "owner"] as const).map((who) => ({
      who,
      status: 200,
      refused: true,
      check: async (response: Response) => expect(await response.json()).toEqual({ ok: false, error: "not_authed" }),
    })),
  },
  "the Slack Web API with the app's bot token, reading a private channel it is not in": {
    door: "slackApi",
    prepare: async (f) => {
      vaults.set(f, (await callerFor(f.owner.id).channels.create({ workspaceId: f.workspace.id, name: `vault-${short()}`, kind: "private" })).id);
    },
    request: (f) => ({
      path: "/api/slack/conversations.history",
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${f.app.botToken}` },
      body: JSON.stringify({ channel: `C${vaults.get(f)!.replaceAll("-", "").toUpperCase()}` }),
    }),
    cases: [{ who: "signedOut", status: 200, refused: true, check: async (response: Response) => expect(await response.json()).toMatchObject({ ok: false, error: "channel_not_found" }) }],
  },
  // A response_url is its own credential too: whoever holds it may change the clicked message, a few times.
  "a response_url": {
    door: "responseUrl",
    request: async (f) => {
      const [row] = await db()
        .insert(responseUrls)
        .values({ id: crypto.randomUUID(), appId: f.app.appId, channelId: f.secret.id, userId: f.insider.id, messageId: f.appMessage.id, expiresAt: new Date(Date.now() + 60_000) })
        .returning();
      return { path: `/api/slack-respond/${row!.id}`, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ replace_original: true, text: "Done" }) };
    },
    cases: [
      { who: "signedOut", status: 200, check: async (response: Response) => expect(await response.json()).toEqual({ ok: true }) },
      { who: "signedOut", request: () => ({ path: `/api/slack-respond/${crypto.randomUUID()}`, method: "POST", body: "{}" }), status: 404 },
    ],
  },
  // An upload URL from files.getUploadURLExternal is a credential for one file of the app's, for an hour.
  "a file upload URL": {
    door: "slackUpload",
    request: async (f) => {
      const asked = await fetch(`http://${doors.host}/api/slack/files.getUploadURLExternal`, {
        method: "POST",
        headers: { authorization: `Bearer ${f.app.botToken}`, "content-type": "application/x-www-form-urlencoded" },
        body: "filename=report.txt&length=6",
      });
      const { upload_url: uploadUrl } = (await asked.json()) as { upload_url: string };
      return { path: new URL(uploadUrl).pathname, method: "POST", body: "report" };
    },
    cases: [
      { who: "signedOut", status: 200, check: async (response: Response) => expect(await response.text()).toBe("OK - 6") },
      { who: "signedOut", request: () => ({ path: "/api/slack-upload/forged.ticket", method: "POST", body: "report" }), status: 404 },
    ],
  },
  // Live chat: the loader and the widget's page are for any website's visitor; only the inbox's websites may frame the page.
  "the live-chat loader": {
    door: "serveLoader",
    request: () => ({ path: "/widget.js" }),
    cases: [{ who: "signedOut", status: 200, check: (response) => expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8") }],
  },
  "the widget's page": {
    door: "widget",
    request: (f) => ({ path: `/widget/${f.inbox.key}` }),
    cases: [
      { who: "signedOut", status: 200, check: (response) => expect(response.headers.get("content-security-policy")).toContain("frame-ancestors https://site.example.test;") },
      // An unknown inbox's page may be framed by no one.
      { who: "signedOut", request: () => ({ path: "/widget/cfwunknownunknown" }), status: 200, refused: true, check: (response) => expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'") },
    ],
  },
  // The mail server's hook: its bearer token is the credential; the reply address's token names the conversation.
  "an email reply to a conversation": {
    door: "inboundEmailDoor",
    request: async (f) => {
      const [row] = await db().select({ replyToken: supportConversations.replyToken }).from(supportConversations).where(eq(supportConversations.id, f.conversation.id));
      const raw = `From: guest@example.test\r\nTo: support+${row!.replyToken}@confab.example.test\r\nMessage-ID: <${nonce()}@example.test>\r\n\r\nThanks!`;
      return { path: "/api/support/inbound-email", method: "POST", headers: { authorization: "Bearer inbound-secret-inbound-secret" }, body: raw };
    },
    cases: [
      { who: "signedOut", status: 200 },
      { who: "member", request: () => ({ path: "/api/support/inbound-email", method: "POST", body: "From: x@example.test\r\n\r\nhi" }), status: 401 },
      {
        who: "signedOut",
        request: () => ({ path: "/api/support/inbound-email", method: "POST", headers: { authorization: "Bearer inbound-secret-inbound-secret" }, body: `To: support+${"x".repeat(24)}@confab.example.test\r\n\r\nguessed` }),
        status: 202,
        refused: true,
      },
    ],
  },
  // Whoever holds an incoming webhook's URL may post with it, as with Slack's: the URL is the credential.
  // The audit log's CSV: the workspace's admins only; to anyone else the workspace does not exist.
  "the audit log as CSV": {
    door: "auditCsvDoor",
    request: (f) => ({ path: `/api/audit-log.csv?workspaceId=${f.workspace.id}` }),
    cases: [
      { who: "owner", status: 200, check: async (response: Response) => expect((await response.text()).split("\r\n")[0]).toBe("time,action,actor,detail") },
      { who: "member", status: 403 },
      { who: "stranger", status: 404 },
      { who: "signedOut", status: 401 },
    ],
  },
  // Exports and imports: the workspace's admins only. A refused upload stores nothing.
  "a Slack export uploaded for import": {
    door: "transfer",
    request: (f) => ({ path: `/api/transfers/import?workspaceId=${f.workspace.id}`, method: "POST", headers: { "content-type": "application/zip" }, body: "PK not really a zip" }),
    cases: [
      { who: "owner", status: 202, check: async (response: Response) => expect(await response.json()).toMatchObject({ transferId: expect.any(String) }) },
      { who: "member", status: 403 },
      { who: "stranger", status: 404 },
      { who: "signedOut", status: 401 },
    ],
  },
  "an export's download": {
    door: "transfer",
    request: (f) => ({ path: `/api/transfers/${f.workspace.id}/download` }),
    cases: [
      { who: "owner", status: 404 },
      { who: "signedOut", status: 401 },
    ],
  },
  // SCIM: the workspace's bearer token is the credential, whoever holds it; a session opens nothing here.
  "the SCIM API": {
    door: "scim",
    request: (f) => ({ path: `/scim/v2/Users/${f.member.id}`, headers: { authorization: `Bearer ${f.scimToken.token}` } }),
    cases: [
      { who: "signedOut", status: 200, check: async (response: Response) => expect(await response.json()).toMatchObject({ userName: expect.stringContaining("member") }) },
      { who: "member", request: (f) => ({ path: `/scim/v2/Users/${f.member.id}` }), status: 401 },
      { who: "signedOut", request: (f) => ({ path: `/scim/v2/Users/${f.stranger.id}`, headers: { authorization: `Bearer ${f.scimToken.token}` } }), status: 404 },
      {
        who: "signedOut",
        request: (f) => ({ path: "/scim/v2/Users", method: "POST", headers: { authorization: "Bearer cfscim-guessed", "content-type": "application/scim+json" }, body: JSON.stringify({ userName: `x.${f.workspace.id}@example.test` }) }),
        status: 401,
      },
    ],
  },
  "an incoming webhook": {
    door: "incomingWebhook",
    request: (f) => ({ path: f.webhook.path, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "from CI" }) }),
    cases: [
      { who: "signedOut", status: 200, check: async (response: Response) => expect(await response.text()).toBe("ok") },
      { who: "signedOut", request: (f) => ({ path: `${f.webhook.path}x`, method: "POST", body: JSON.stringify({ text: "guessed" }) }), status: 404 },
      { who: "signedOut", request: (f) => ({ path: f.webhook.path, method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }), status: 400 },
    ],
  },
};

/** Everything in local file storage, so a refused upload can be shown to leave nothing behind. */
async function storedFiles(): Promise<string[]> {
  const root = path.join(env().dataDir, "files");
  return (await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

/** A request as each one makes it: with a session cookie, or (a visitor) the widget's token in its header. */
async function ask(f: HttpFixtures, who: Who, request: HttpRequest) {
  const userId = userIdOf(f, who);
  const visitorToken = who === "visitor" || who === "guest" ? f.visitors[who] : null;
  const headers = { ...(userId && { cookie: await sessionCookie(userId) }), ...(visitorToken && { "x-confab-visitor": visitorToken }), ...request.headers };
  return fetch(`http://${doors.host}${request.path}`, { method: request.method ?? "GET", headers, body: request.body, redirect: "manual" });
}

describe("authorization matrix: HTTP doors", () => {
  it("covers every door of the HTTP server besides tRPC", async () => {
    const source = await readFile(path.resolve(import.meta.dirname, "../../src/server/transport/http.ts"), "utf8");
    const doorsRouted = [...source.matchAll(/return serve\((\w+),/g)].map((match) => match[1]!).filter((name) => name !== "trpcHttpHandler");
    expect(new Set(Object.values(httpMatrix).map((row) => row.door))).toEqual(new Set(doorsRouted));
  });

  it("answers each caller as the matrix says; refusals store nothing", { timeout: 120_000 }, async () => {
    const unexpected: string[] = [];
    const run = async (refusals: boolean) => {
      // Rows change what they are about (an upload, a webhook applied, SSO set up): fixtures of their own.
      for (const [what, row] of Object.entries(httpMatrix)) {
        const cases = row.cases.filter((entry) => (entry.refused ?? entry.status >= 400) === refusals);
        if (cases.length === 0) continue;
        const f = await httpFixtures();
        await row.prepare?.(f);
        const before = { rows: await tableSizes(), stored: await storedFiles() };
        for (const entry of cases) {
          const response = await ask(f, entry.who, await (entry.request ?? row.request)(f));
          if (response.status !== entry.status) {
            unexpected.push(`${what} as ${entry.who}: expected ${entry.status}, got ${response.status} ${(await response.text()).slice(0, 200)}`);
            continue;
          }
          try {
            await entry.check?.(response, f);
          } catch (error) {
            unexpected.push(`${what} as ${entry.who}: ${entry.status}, but ${(error as Error).message.split("\n")[0]}`);
          }
          await response.body?.cancel().catch(() => undefined);
        }
        if (refusals) {
          const after = { rows: await tableSizes(), stored: await storedFiles() };
          if (JSON.stringify(after) !== JSON.stringify(before)) unexpected.push(`${what}: a refusal wrote something`);
        }
      }
    };
    await run(true);
    await run(false);
    expect(unexpected).toEqual([]);
  });
});
