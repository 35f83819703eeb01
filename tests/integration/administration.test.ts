import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authenticateWithPassword } from "../../src/server/auth/password-sign-in";
import { sessionStillValid } from "../../src/server/auth/session-validity";
import { db } from "../../src/server/db/client";
import { channelMembers, pushSubscriptions, users, workspaceMembers } from "../../src/server/db/schema";
import { topics } from "../../src/shared/events";
import { TEST_PUSH_PORT } from "../setup/env";
import { callerFor, eventually, expectTrpcError, joinedMember, makeUser, recordTopic, workspaceWithOwner } from "./factories";

const password = "violet-otter-42";
const device = { ip: "10.8.0.1", userAgent: "vitest" };
let stamp = 0;
const nonce = () => crypto.randomUUID();

async function memberWithPassword(ownerId: string, workspaceId: string, name: string) {
  const email = `${name.toLowerCase()}.${Date.now()}.${++stamp}@example.test`;
  const person = await callerFor(null).users.signUp({ name, email, password });
  const invite = await callerFor(ownerId).invites.create({ workspaceId, role: "member", expiresIn: "7d", maxUses: null });
  await callerFor(person.id).invites.accept({ token: invite.token });
  return { ...person, email };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (caught: { code?: string }) => caught);
  expect(error).not.toBeNull();
  return error!.code!;
}

describe("deactivating a member", () => {
  it("cuts them off at once, keeps their messages marked, and reactivation gives everything back", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const general = workspace.generalChannelId!;
    const dana = await memberWithPassword(owner.id, workspace.id, "Dana");
    const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: `secret-${++stamp}`, kind: "private" });
    await callerFor(owner.id).channels.addMember({ channelId: secret.id, userId: dana.id });
    const message = await callerFor(dana.id).messages.send({ channelId: general, body: "hello from Dana", clientNonce: nonce() });
    await callerFor(dana.id).channels.markRead({ channelId: general, seq: message.seq });
    const session = await authenticateWithPassword({ email: dana.email, password }, device);
    await callerFor(dana.id).notifications.subscribePush({ endpoint: `http://127.0.0.1:${TEST_PUSH_PORT}/push/${nonce()}`, keys: { p256dh: "B".repeat(87), auth: "A".repeat(22) } });

    const toDana = recordTopic(topics.user(dana.id));
    const toWorkspace = recordTopic(topics.workspace(workspace.id));
    await expectTrpcError(callerFor(dana.id).workspaces.deactivateMember({ workspaceId: workspace.id, userId: owner.id }), "FORBIDDEN");
    await callerFor(owner.id).workspaces.deactivateMember({ workspaceId: workspace.id, userId: dana.id });

    // Every door is shut: sessions, sign-in, the workspace, its channels, push.
    expect(await sessionStillValid(dana.id, undefined, session.sessionId)).toBe(false);
    await eventually(() => expect(toDana.events).toContainEqual({ type: "session.ended", sessionIds: [session.sessionId], all: true }));
    expect(await refusal(authenticateWithPassword({ email: dana.email, password }, device))).toBe("deactivated");
    await expectTrpcError(callerFor(dana.id).channels.mine({ workspaceId: workspace.id }), "NOT_FOUND");
    await expectTrpcError(callerFor(dana.id).messages.send({ channelId: general, body: "still here?", clientNonce: nonce() }), "NOT_FOUND");
    await expectTrpcError(callerFor(dana.id).messages.history({ channelId: secret.id }), "NOT_FOUND");
    expect(await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, dana.id))).toEqual([]);
    await eventually(() => expect(toWorkspace.events).toContainEqual({ type: "workspace.member_updated", workspaceId: workspace.id, userId: dana.id, role: "member", deactivated: true }));

    // Their messages stay, and they are listed as deactivated so the messages still name them.
    const history = await callerFor(owner.id).messages.history({ channelId: general });
    expect(history.messages.some((entry) => entry.id === message.id && entry.body === "hello from Dana")).toBe(true);
    const listed = (await callerFor(owner.id).workspaces.members({ workspaceId: workspace.id })).find((member) => member.userId === dana.id);
    expect(listed).toMatchObject({ name: "Dana", deactivated: true });
    expect((await callerFor(owner.id).channels.members({ channelId: general })).map((member) => member.userId)).not.toContain(dana.id);
    // An invite link does not bring them back.
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await expectTrpcError(callerFor(dana.id).invites.accept({ token: invite.token }), "FORBIDDEN", /deactivated/);

    await callerFor(owner.id).workspaces.reactivateMember({ workspaceId: workspace.id, userId: dana.id });
    await expect(authenticateWithPassword({ email: dana.email, password }, device)).resolves.toMatchObject({ id: dana.id });
    const mine = await callerFor(dana.id).channels.mine({ workspaceId: workspace.id });
    expect(mine.map((channel) => channel.id).sort()).toEqual([general, secret.id].sort());
    const [readState] = await db().select().from(channelMembers).where(and(eq(channelMembers.channelId, general), eq(channelMembers.userId, dana.id)));
    expect(readState!.lastReadSeq).toBe(message.seq);
    toDana.stop();
    toWorkspace.stop();

    const log = await callerFor(owner.id).audit.list({ workspaceId: workspace.id });
    expect(log.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(["member.deactivated", "member.reactivated"]));
  });

  it("keeps someone who still belongs to another workspace signed in", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const other = await workspaceWithOwner("Other");
    const dana = await memberWithPassword(owner.id, workspace.id, "Dana");
    const invite = await callerFor(other.owner.id).invites.create({ workspaceId: other.workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(dana.id).invites.accept({ token: invite.token });
    const session = await authenticateWithPassword({ email: dana.email, password }, device);
    await callerFor(owner.id).workspaces.deactivateMember({ workspaceId: workspace.id, userId: dana.id });
    expect(await sessionStillValid(dana.id, undefined, session.sessionId)).toBe(true);
    expect((await callerFor(dana.id).workspaces.list()).map((entry) => entry.id)).toEqual([other.workspace.id]);
  });

  it("refuses admins deactivating owners, anyone themselves, and the last owner", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const admin = await joinedMember(owner.id, workspace.id, "Admin");
    await callerFor(owner.id).workspaces.changeRole({ workspaceId: workspace.id, userId: admin.id, role: "admin" });
    await expectTrpcError(callerFor(admin.id).workspaces.deactivateMember({ workspaceId: workspace.id, userId: owner.id }), "FORBIDDEN", /Only owners/);
    await expectTrpcError(callerFor(owner.id).workspaces.deactivateMember({ workspaceId: workspace.id, userId: owner.id }), "BAD_REQUEST", /yourself/);
    await expectTrpcError(callerFor(owner.id).workspaces.reactivateMember({ workspaceId: workspace.id, userId: admin.id }), "NOT_FOUND", /not deactivated/);
  });
});

describe("guests", () => {
  it("join only their invite's channels, see only their channels' people, and a single-channel guest stays in one", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const member = await joinedMember(owner.id, workspace.id, "Member");
    const project = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: `project-${++stamp}`, kind: "public" });
    const other = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: `other-${++stamp}`, kind: "public" });
    await expectTrpcError(callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "guest", expiresIn: "7d", maxUses: null }), "BAD_REQUEST", /Choose the channels/);
    await expectTrpcError(
      callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "guest", expiresIn: "7d", maxUses: null, channelIds: [project.id, other.id], singleChannel: true }),
      "BAD_REQUEST",
      /exactly one/,
    );
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "guest", expiresIn: "7d", maxUses: null, channelIds: [project.id], singleChannel: true });
    const guest = await makeUser("Gwen Guest");
    await callerFor(guest.id).invites.accept({ token: invite.token });

    expect((await callerFor(guest.id).channels.mine({ workspaceId: workspace.id })).map((channel) => channel.id)).toEqual([project.id]);
    await expectTrpcError(callerFor(guest.id).channels.join({ channelId: other.id }), "NOT_FOUND");
    await expectTrpcError(callerFor(guest.id).messages.history({ channelId: workspace.generalChannelId! }), "NOT_FOUND");
    expect((await callerFor(guest.id).workspaces.members({ workspaceId: workspace.id })).map((person) => person.userId).sort()).toEqual([owner.id, guest.id].sort());
    await expectTrpcError(callerFor(guest.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] }), "NOT_FOUND");
    await expect(callerFor(guest.id).channels.openDm({ workspaceId: workspace.id, userIds: [owner.id] })).resolves.toMatchObject({ kind: "dm" });
    await expectTrpcError(callerFor(guest.id).workspaces.directory({ workspaceId: workspace.id }), "FORBIDDEN");

    // Members cannot hand a guest channels; admins can, but a single-channel guest gets only one.
    await callerFor(member.id).channels.join({ channelId: other.id });
    await expectTrpcError(callerFor(member.id).channels.addMember({ channelId: other.id, userId: guest.id }), "FORBIDDEN", /Only admins/);
    await expectTrpcError(callerFor(owner.id).channels.addMember({ channelId: other.id, userId: guest.id }), "BAD_REQUEST", /single-channel guest/);
    const listed = (await callerFor(owner.id).workspaces.members({ workspaceId: workspace.id })).find((person) => person.userId === guest.id);
    expect(listed).toMatchObject({ role: "guest", singleChannel: true });
  });
});

describe("ownership, the directory and deleting an account", () => {
  it("transfers ownership to a member, who can then do what owners do", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const member = await joinedMember(owner.id, workspace.id, "Member");
    await expectTrpcError(callerFor(member.id).workspaces.transferOwnership({ workspaceId: workspace.id, userId: member.id }), "FORBIDDEN");
    await callerFor(owner.id).workspaces.transferOwnership({ workspaceId: workspace.id, userId: member.id });
    const roles = Object.fromEntries((await db().select().from(workspaceMembers).where(eq(workspaceMembers.workspaceId, workspace.id))).map((row) => [row.userId, row.role]));
    expect(roles).toEqual({ [owner.id]: "admin", [member.id]: "owner" });
    await callerFor(member.id).workspaces.changeRole({ workspaceId: workspace.id, userId: owner.id, role: "member" });
  });

  it("searches, filters and pages the member directory", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const people = [];
    for (const name of ["Zoe Park", "Yann Lee", "Xia Wu", "Walt Ng", "Vera Ode"]) people.push(await joinedMember(owner.id, workspace.id, name));
    await callerFor(owner.id).workspaces.deactivateMember({ workspaceId: workspace.id, userId: people[0]!.id });
    const asOwner = callerFor(owner.id);
    const first = await asOwner.workspaces.directory({ workspaceId: workspace.id, limit: 2 });
    expect(first.members.map((entry) => entry.name)).toEqual(["Acme Owner", "Vera Ode"]);
    expect(first.counts).toMatchObject({ active: 5, deactivated: 1, guests: 0, matching: 5 });
    const second = await asOwner.workspaces.directory({ workspaceId: workspace.id, limit: 2, cursor: first.next });
    expect(second.members.map((entry) => entry.name)).toEqual(["Walt Ng", "Xia Wu"]);
    const third = await asOwner.workspaces.directory({ workspaceId: workspace.id, limit: 2, cursor: second.next });
    expect(third.members.map((entry) => entry.name)).toEqual(["Yann Lee"]);
    expect(third.next).toBeNull();
    expect((await asOwner.workspaces.directory({ workspaceId: workspace.id, status: "deactivated" })).members.map((entry) => entry.name)).toEqual(["Zoe Park"]);
    expect((await asOwner.workspaces.directory({ workspaceId: workspace.id, query: "WU" })).members.map((entry) => entry.name)).toEqual(["Xia Wu"]);
    expect((await asOwner.workspaces.directory({ workspaceId: workspace.id, query: "%" })).members).toEqual([]);
    expect((await asOwner.workspaces.directory({ workspaceId: workspace.id, role: "owner" })).members.map((entry) => entry.userId)).toEqual([owner.id]);
  });

  it("deletes an account: messages kept as 'Deleted user' or removed, as each workspace says", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const other = await workspaceWithOwner("Other");
    await callerFor(other.owner.id).workspaces.update({ workspaceId: other.workspace.id, deletedAccountMessages: "remove" });
    const leaver = await memberWithPassword(owner.id, workspace.id, "Leaver");
    const invite = await callerFor(other.owner.id).invites.create({ workspaceId: other.workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(leaver.id).invites.accept({ token: invite.token });
    const kept = await callerFor(leaver.id).messages.send({ channelId: workspace.generalChannelId!, body: "kept words", clientNonce: nonce() });
    const removed = await callerFor(leaver.id).messages.send({ channelId: other.workspace.generalChannelId!, body: "removed words", clientNonce: nonce() });

    await expectTrpcError(callerFor(leaver.id).account.deleteAccount({ confirmEmail: leaver.email, password: "wrong-password" }), "BAD_REQUEST", /not right/);
    await expectTrpcError(callerFor(leaver.id).account.deleteAccount({ confirmEmail: "someone@else.test", password }), "BAD_REQUEST", /exactly/);
    await expectTrpcError(callerFor(owner.id).account.deleteAccount({ confirmEmail: owner.email }), "BAD_REQUEST", /last owner/);
    await callerFor(leaver.id).account.deleteAccount({ confirmEmail: leaver.email, password });

    const keptNow = (await callerFor(owner.id).messages.history({ channelId: workspace.generalChannelId! })).messages.find((entry) => entry.id === kept.id);
    expect(keptNow).toMatchObject({ body: "kept words", authorId: leaver.id });
    const removedNow = (await callerFor(other.owner.id).messages.history({ channelId: other.workspace.generalChannelId! })).messages.find((entry) => entry.id === removed.id);
    expect(removedNow?.body ?? "").toBe("");
    expect((await callerFor(owner.id).workspaces.members({ workspaceId: workspace.id })).find((member) => member.userId === leaver.id)).toMatchObject({ name: "Deleted user", deactivated: true });
    const [row] = await db().select().from(users).where(eq(users.id, leaver.id));
    expect(row).toMatchObject({ name: "Deleted user", passwordHash: null, image: null });
    expect(row!.email).not.toContain("leaver");
    expect(await refusal(authenticateWithPassword({ email: leaver.email, password }, device))).toBe("unknown_email");
    await expectTrpcError(callerFor(owner.id).workspaces.reactivateMember({ workspaceId: workspace.id, userId: leaver.id }), "NOT_FOUND");
  });
});
