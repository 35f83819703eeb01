import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../src/server/db/client";
import { channelMembers, channels, workspaceMembers, workspaces } from "../../src/server/db/schema";
import { getWorkspaceBySlug } from "../../src/server/queries/workspaces";
import { topics } from "../../src/shared/events";
import { callerFor, eventually, expectTrpcError, makeUser, recordTopic, workspaceWithOwner } from "./factories";

describe("creating a workspace", () => {
  it("makes the creator its owner and puts them in #general", async () => {
    const { owner, workspace } = await workspaceWithOwner("Globex");
    const [membership] = await db().select().from(workspaceMembers).where(eq(workspaceMembers.workspaceId, workspace.id));
    expect(membership).toMatchObject({ userId: owner.id, role: "owner" });
    const [general] = await db().select().from(channels).where(eq(channels.workspaceId, workspace.id));
    expect(general).toMatchObject({ id: workspace.generalChannelId, name: "general", kind: "public", isDefault: true });
    const inGeneral = await db().select().from(channelMembers).where(eq(channelMembers.channelId, general!.id));
    expect(inGeneral.map((row) => row.userId)).toEqual([owner.id]);
    const mine = await callerFor(owner.id).channels.mine({ workspaceId: workspace.id });
    expect(mine.map((channel) => channel.name)).toEqual(["general"]);
  });

  it("refuses a taken URL and writes nothing", async () => {
    const { workspace } = await workspaceWithOwner("Initech");
    const other = await makeUser();
    await expectTrpcError(
      callerFor(other.id).workspaces.create({ name: "Copy", slug: workspace.slug }),
      "CONFLICT",
      /already taken/,
    );
    expect(await db().select().from(workspaces)).toHaveLength(1);
  });

  it("explains a bad URL in words", async () => {
    const user = await makeUser();
    await expectTrpcError(callerFor(user.id).workspaces.create({ name: "Bad", slug: "-nope-" }), "BAD_REQUEST", /lowercase letters/);
    await expectTrpcError(callerFor(user.id).workspaces.create({ name: "  ", slug: "fine" }), "BAD_REQUEST", /Give the workspace a name/);
  });

  it("needs a signed-in user", async () => {
    await expectTrpcError(callerFor(null).workspaces.list(), "UNAUTHORIZED");
  });
});

describe("who may see and change a workspace", () => {
  it("does not exist for a non-member", async () => {
    const { workspace } = await workspaceWithOwner();
    const stranger = await makeUser("Stranger");
    await expectTrpcError(callerFor(stranger.id).workspaces.members({ workspaceId: workspace.id }), "NOT_FOUND");
    await expectTrpcError(callerFor(stranger.id).channels.mine({ workspaceId: workspace.id }), "NOT_FOUND");
    await expect(getWorkspaceBySlug(stranger.id, workspace.slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await callerFor(stranger.id).workspaces.list()).toEqual([]);
  });

  it("lets admins rename it and tells every member live", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const recorder = recordTopic(topics.workspace(workspace.id));
    const renamed = await callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, name: "Acme Two", slug: "acme-two" });
    expect(renamed).toMatchObject({ name: "Acme Two", slug: "acme-two" });
    await eventually(() =>
      expect(recorder.events).toContainEqual({ type: "workspace.updated", workspace: { id: workspace.id, name: "Acme Two", slug: "acme-two", readReceipts: true, pushContent: "full", membersCanCreateApps: false, requireTwoFactor: false, deletedAccountMessages: "keep", membersCanManageGroups: false } }),
    );
    recorder.stop();
  });

  it("refuses a rename by a plain member and changes nothing", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const member = await makeUser();
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(member.id).invites.accept({ token: invite.token });
    await expectTrpcError(callerFor(member.id).workspaces.update({ workspaceId: workspace.id, name: "Mine now" }), "FORBIDDEN");
    const [row] = await db().select().from(workspaces).where(eq(workspaces.id, workspace.id));
    expect(row!.name).toBe(workspace.name);
  });

  it("does not let a member change roles, and nothing is written", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const member = await makeUser();
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(member.id).invites.accept({ token: invite.token });
    await expectTrpcError(
      callerFor(member.id).workspaces.changeRole({ workspaceId: workspace.id, userId: member.id, role: "admin" }),
      "FORBIDDEN",
      /owners and admins/,
    );
    const roles = await callerFor(owner.id).workspaces.members({ workspaceId: workspace.id });
    expect(roles.find((row) => row.userId === member.id)!.role).toBe("member");
  });

  it("lets only owners make owners, and keeps at least one owner", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const admin = await makeUser("Admin");
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "admin", expiresIn: "7d", maxUses: null });
    await callerFor(admin.id).invites.accept({ token: invite.token });
    await expectTrpcError(
      callerFor(admin.id).workspaces.changeRole({ workspaceId: workspace.id, userId: admin.id, role: "owner" }),
      "FORBIDDEN",
      /Only owners/,
    );
    await expectTrpcError(
      callerFor(owner.id).workspaces.changeRole({ workspaceId: workspace.id, userId: owner.id, role: "member" }),
      "BAD_REQUEST",
      /at least one owner/,
    );
    const recorder = recordTopic(topics.workspace(workspace.id));
    await callerFor(owner.id).workspaces.changeRole({ workspaceId: workspace.id, userId: admin.id, role: "owner" });
    await eventually(() =>
      expect(recorder.events).toContainEqual({ type: "workspace.member_updated", workspaceId: workspace.id, userId: admin.id, role: "owner", deactivated: false }),
    );
    recorder.stop();
  });
});

describe("leaving and removing", () => {
  it("refuses to let the last owner leave", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    await expectTrpcError(callerFor(owner.id).workspaces.leave({ workspaceId: workspace.id }), "BAD_REQUEST", /last owner/);
    expect(await callerFor(owner.id).workspaces.list()).toHaveLength(1);
  });

  it("takes a leaving member out of the workspace and its channels", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const member = await makeUser();
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(member.id).invites.accept({ token: invite.token });
    const recorder = recordTopic(topics.workspace(workspace.id));
    await callerFor(member.id).workspaces.leave({ workspaceId: workspace.id });
    expect(await callerFor(member.id).workspaces.list()).toEqual([]);
    expect(await db().select().from(channelMembers).where(eq(channelMembers.userId, member.id))).toEqual([]);
    await eventually(() =>
      expect(recorder.events).toContainEqual({ type: "workspace.member_left", workspaceId: workspace.id, userId: member.id }),
    );
    recorder.stop();
  });

  it("lets an admin remove a member but not an owner", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const admin = await makeUser("Admin");
    const member = await makeUser("Member");
    const adminInvite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "admin", expiresIn: "7d", maxUses: null });
    const memberInvite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(admin.id).invites.accept({ token: adminInvite.token });
    await callerFor(member.id).invites.accept({ token: memberInvite.token });
    await expectTrpcError(callerFor(admin.id).workspaces.removeMember({ workspaceId: workspace.id, userId: owner.id }), "FORBIDDEN");
    await callerFor(admin.id).workspaces.removeMember({ workspaceId: workspace.id, userId: member.id });
    const members = await callerFor(owner.id).workspaces.members({ workspaceId: workspace.id });
    expect(members.map((row) => row.userId).sort()).toEqual([admin.id, owner.id].sort());
  });
});
