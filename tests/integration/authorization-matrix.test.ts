import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appRouter } from "../../src/server/api/root";
import { db } from "../../src/server/db/client";
import { callerFor, makeUser, tableSizes, workspaceWithOwner } from "./factories";

type Caller = ReturnType<typeof callerFor>;
type Fixtures = Awaited<ReturnType<typeof fixtures>>;
/** What a caller gets: a tRPC error code, or "allowed" where the procedure is meant for anyone signed in. */
type Outcome = TRPCError["code"] | "allowed";
interface Row {
  call: (caller: Caller, f: Fixtures) => Promise<unknown>;
  signedOut: Outcome | "public";
  /** Signed in, but not in the workspace. */
  stranger: Outcome;
  /** In the workspace (a plain member), but not in the private channel. */
  member: Outcome;
}

async function fixtures() {
  const { owner, workspace } = await workspaceWithOwner("Matrix");
  const member = await makeUser("Member");
  const stranger = await makeUser("Stranger");
  const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
  await callerFor(member.id).invites.accept({ token: invite.token });
  const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "secret", kind: "private" });
  const secretMessage = await callerFor(owner.id).messages.send({ channelId: secret.id, body: "psst", clientNonce: crypto.randomUUID() });
  const secretCall = await callerFor(owner.id).calls.join({ channelId: secret.id });
  const connection = await callerFor(owner.id).sso.createOidcConnection({ workspaceId: workspace.id, name: "Okta", issuer: "https://idp.example", clientId: "c", clientSecret: "s" });
  const domain = await callerFor(owner.id).sso.claimDomain({ workspaceId: workspace.id, domain: "owned.example" });
  return { owner, member, stranger, workspace, invite, secret, secretMessage, secretCall, connection, domain };
}

const nonce = () => crypto.randomUUID();

// Every procedure of the app router. Allowed cells are not called here (they are covered by their own tests):
// they are listed so that a new procedure cannot appear without someone deciding who may call it.
const matrix: Record<string, Row> = {
  "users.signUp": { call: (c) => c.users.signUp({ name: "X", email: "x@example.test", password: "violet-otter-42" }), signedOut: "public", stranger: "allowed", member: "allowed" },
  "users.me": { call: (c) => c.users.me(), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "users.updateProfile": { call: (c) => c.users.updateProfile({ name: "X" }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  // Only the caller's own status: there is no user id to point elsewhere.
  "users.setStatus": { call: (c) => c.users.setStatus({ emoji: "🌴", text: "Away", expiresAt: null }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "users.setReadReceipts": { call: (c) => c.users.setReadReceipts({ on: false }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "users.setDoNotDisturb": { call: (c) => c.users.setDoNotDisturb({ until: null }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "account.requestPasswordReset": { call: (c) => c.account.requestPasswordReset({ email: "x@example.test" }), signedOut: "public", stranger: "allowed", member: "allowed" },
  "account.resetPassword": { call: (c) => c.account.resetPassword({ token: "t", password: "violet-otter-42" }), signedOut: "public", stranger: "allowed", member: "allowed" },
  "account.confirmEmailChange": { call: (c) => c.account.confirmEmailChange({ token: "t" }), signedOut: "public", stranger: "allowed", member: "allowed" },
  "account.changePassword": { call: (c) => c.account.changePassword({ currentPassword: "a", newPassword: "violet-otter-42" }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "account.requestEmailChange": { call: (c) => c.account.requestEmailChange({ newEmail: "y@example.test", password: "a" }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "notifications.deliveryOptions": { call: (c) => c.notifications.deliveryOptions(), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "notifications.pushSubscriptions": { call: (c) => c.notifications.pushSubscriptions(), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "notifications.subscribePush": {
    call: (c) => c.notifications.subscribePush({ endpoint: "https://push.example.com/x", keys: { p256dh: "B".repeat(87), auth: "A".repeat(22) } }),
    signedOut: "UNAUTHORIZED",
    stranger: "allowed",
    member: "allowed",
  },
  "notifications.revokePush": { call: (c) => c.notifications.revokePush({ id: "x" }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
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
  },
  "presence.list": { call: (c, f) => c.presence.list({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "presence.setTabState": { call: (c) => c.presence.setTabState({ tabId: crypto.randomUUID(), active: true }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },

  "workspaces.list": { call: (c) => c.workspaces.list(), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "workspaces.members": { call: (c, f) => c.workspaces.members({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "workspaces.create": { call: (c) => c.workspaces.create({ name: "New", slug: "new-one" }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "workspaces.update": { call: (c, f) => c.workspaces.update({ workspaceId: f.workspace.id, name: "Taken over" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "workspaces.leave": { call: (c, f) => c.workspaces.leave({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "workspaces.changeRole": { call: (c, f) => c.workspaces.changeRole({ workspaceId: f.workspace.id, userId: f.member.id, role: "admin" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "workspaces.removeMember": { call: (c, f) => c.workspaces.removeMember({ workspaceId: f.workspace.id, userId: f.owner.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },

  "invites.preview": { call: (c, f) => c.invites.preview({ token: f.invite.token }), signedOut: "public", stranger: "allowed", member: "allowed" },
  "invites.list": { call: (c, f) => c.invites.list({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "invites.create": { call: (c, f) => c.invites.create({ workspaceId: f.workspace.id, role: "member", expiresIn: "7d", maxUses: null }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "invites.revoke": { call: (c, f) => c.invites.revoke({ inviteId: f.invite.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  // Holding the link is the permission.
  "invites.accept": { call: (c, f) => c.invites.accept({ token: f.invite.token }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },

  "channels.mine": { call: (c, f) => c.channels.mine({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "channels.browse": { call: (c, f) => c.channels.browse({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "channels.get": { call: (c, f) => c.channels.get({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "channels.members": { call: (c, f) => c.channels.members({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "channels.create": { call: (c, f) => c.channels.create({ workspaceId: f.workspace.id, name: "sneaky", kind: "public" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "channels.update": { call: (c, f) => c.channels.update({ channelId: f.secret.id, topic: "mine" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "channels.setArchived": { call: (c, f) => c.channels.setArchived({ channelId: f.secret.id, archived: true }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "channels.join": { call: (c, f) => c.channels.join({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "channels.leave": { call: (c, f) => c.channels.leave({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "channels.addMember": { call: (c, f) => c.channels.addMember({ channelId: f.secret.id, userId: f.member.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "channels.removeMember": { call: (c, f) => c.channels.removeMember({ channelId: f.secret.id, userId: f.owner.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "channels.openDm": { call: (c, f) => c.channels.openDm({ workspaceId: f.workspace.id, userIds: [f.owner.id] }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "channels.receipts": { call: (c, f) => c.channels.receipts({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "channels.markRead": { call: (c, f) => c.channels.markRead({ channelId: f.secret.id, seq: 1 }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "channels.markUnread": { call: (c, f) => c.channels.markUnread({ channelId: f.secret.id, seq: 1 }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },

  "messages.history": { call: (c, f) => c.messages.history({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "messages.thread": { call: (c, f) => c.messages.thread({ rootId: f.secretMessage.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "messages.send": { call: (c, f) => c.messages.send({ channelId: f.secret.id, body: "hi", clientNonce: nonce() }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "messages.edit": { call: (c, f) => c.messages.edit({ messageId: f.secretMessage.id, body: "changed" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "messages.removePreview": { call: (c, f) => c.messages.removePreview({ messageId: f.secretMessage.id, url: "https://example.com/" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "files.list": { call: (c, f) => c.files.list({ workspaceId: f.workspace.id, channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "files.limits": { call: (c, f) => c.files.limits({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "search.workspace": { call: (c, f) => c.search.workspace({ workspaceId: f.workspace.id, query: "psst" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "messages.delete": { call: (c, f) => c.messages.delete({ messageId: f.secretMessage.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "messages.pins": { call: (c, f) => c.messages.pins({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "messages.saved": { call: (c, f) => c.messages.saved({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "messages.threads": { call: (c, f) => c.messages.threads({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "messages.setPinned": { call: (c, f) => c.messages.setPinned({ messageId: f.secretMessage.id, on: true }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "messages.setSaved": { call: (c, f) => c.messages.setSaved({ messageId: f.secretMessage.id, on: true }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "messages.markThreadRead": { call: (c, f) => c.messages.markThreadRead({ rootId: f.secretMessage.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "messages.react": { call: (c, f) => c.messages.react({ messageId: f.secretMessage.id, emoji: "👀" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "calls.config": { call: (c) => c.calls.config(), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
  "calls.active": { call: (c, f) => c.calls.active({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "allowed" },
  "calls.join": { call: (c, f) => c.calls.join({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "calls.decline": { call: (c, f) => c.calls.decline({ callId: f.secretCall.callId }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "calls.end": { call: (c, f) => c.calls.end({ callId: f.secretCall.callId }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },
  "sso.settings": { call: (c, f) => c.sso.settings({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "sso.auditLog": { call: (c, f) => c.sso.auditLog({ workspaceId: f.workspace.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "sso.createOidcConnection": { call: (c, f) => c.sso.createOidcConnection({ workspaceId: f.workspace.id, name: "X", issuer: "https://idp.example", clientId: "x", clientSecret: "y" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "sso.createSamlConnection": { call: (c, f) => c.sso.createSamlConnection({ workspaceId: f.workspace.id, name: "X", metadataUrl: "http://169.254.169.254/metadata" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "sso.updateConnection": { call: (c, f) => c.sso.updateConnection({ connectionId: f.connection.id, name: "Mine", metadataUrl: "http://169.254.169.254/metadata" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "sso.deleteConnection": { call: (c, f) => c.sso.deleteConnection({ connectionId: f.connection.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "sso.claimDomain": { call: (c, f) => c.sso.claimDomain({ workspaceId: f.workspace.id, domain: "claimed.example" }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "sso.verifyDomain": { call: (c, f) => c.sso.verifyDomain({ domainId: f.domain.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "sso.removeDomain": { call: (c, f) => c.sso.removeDomain({ domainId: f.domain.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "sso.setRequireSso": { call: (c, f) => c.sso.setRequireSso({ workspaceId: f.workspace.id, on: false }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "FORBIDDEN" },
  "typing.start": { call: (c, f) => c.typing.start({ channelId: f.secret.id }), signedOut: "UNAUTHORIZED", stranger: "NOT_FOUND", member: "NOT_FOUND" },

  // Only the caller's own topics: no other user's or workspace's events can be asked for.
  "events.stream": { call: (c) => c.events.stream({ tabId: crypto.randomUUID(), active: true }), signedOut: "UNAUTHORIZED", stranger: "allowed", member: "allowed" },
};

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "succeeded";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `threw ${String(error)}`;
  }
}

describe("authorization matrix", () => {
  it("lists every procedure of the app router", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(matrix).sort()).toEqual(procedures);
  });

  it("refuses every call the matrix refuses, and writes nothing", async () => {
    const f = await fixtures();
    const callers = { signedOut: callerFor(null), stranger: callerFor(f.stranger.id), member: callerFor(f.member.id) };
    const before = await tableSizes();
    const unexpected: string[] = [];
    for (const [name, row] of Object.entries(matrix)) {
      for (const who of ["signedOut", "stranger", "member"] as const) {
        const expected = row[who];
        if (expected === "allowed" || expected === "public") continue;
        const got = await outcome(row.call(callers[who], f));
        if (got !== expected) unexpected.push(`${name} as ${who}: expected ${expected}, got ${got}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(await tableSizes()).toEqual(before);
  });
});
