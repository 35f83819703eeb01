import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../src/server/db/client";
import { mentions } from "../../src/server/db/schema";
import { callerFor, expectTrpcError, joinedMember, workspaceWithMember } from "./factories";

const nonce = () => crypto.randomUUID();

describe("user groups", () => {
  it("mention everyone in the group who is in the channel, and only them", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const designer = await joinedMember(owner.id, workspace.id, "Designer");
    const outsider = await joinedMember(owner.id, workspace.id, "Outsider");
    const design = await callerFor(owner.id).userGroups.create({ workspaceId: workspace.id, handle: "@Design-Team", name: "Design team", memberIds: [member.id, designer.id] });
    expect(design).toMatchObject({ handle: "design-team", memberIds: [member.id, designer.id].sort() });

    // The designer is not in #review: a handle reaches the group's people who can read the message.
    const review = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "review", kind: "public" });
    for (const person of [member, outsider]) await callerFor(person.id).channels.join({ channelId: review.id });
    const message = await callerFor(owner.id).messages.send({ channelId: review.id, body: `<!subteam^${design.id}> review please`, clientNonce: nonce() });
    const mentioned = await db().select({ userId: mentions.userId }).from(mentions).where(eq(mentions.messageId, message.id));
    expect(mentioned.map((row) => row.userId)).toEqual([member.id]);
    const unreadMentions = await db().select().from(mentions).where(and(eq(mentions.userId, outsider.id), eq(mentions.messageId, message.id)));
    expect(unreadMentions).toEqual([]);
  });

  it("gives new members the group's default channels", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const project = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "project-x", kind: "private" });
    const group = await callerFor(owner.id).userGroups.create({ workspaceId: workspace.id, handle: "x-team", name: "X team", channelIds: [project.id] });
    await callerFor(owner.id).userGroups.update({ groupId: group.id, memberIds: [member.id] });
    expect((await callerFor(member.id).channels.mine({ workspaceId: workspace.id })).map((channel) => channel.id)).toContain(project.id);
    const emptied = await callerFor(owner.id).userGroups.update({ groupId: group.id, memberIds: [] });
    expect(emptied.memberIds).toEqual([]);
  });

  it("are managed by admins, or by members where the workspace allows it; handles are checked", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    await expectTrpcError(callerFor(member.id).userGroups.create({ workspaceId: workspace.id, handle: "ops", name: "Ops" }), "FORBIDDEN", /Only workspace admins/);
    await callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, membersCanManageGroups: true });
    const ops = await callerFor(member.id).userGroups.create({ workspaceId: workspace.id, handle: "ops", name: "Ops" });
    await expectTrpcError(callerFor(owner.id).userGroups.create({ workspaceId: workspace.id, handle: "OPS", name: "Other" }), "BAD_REQUEST", /already has that handle/);
    await expectTrpcError(callerFor(owner.id).userGroups.create({ workspaceId: workspace.id, handle: "here", name: "Here" }), "BAD_REQUEST", /already mean/);
    await expectTrpcError(callerFor(owner.id).userGroups.create({ workspaceId: workspace.id, handle: "bad handle", name: "Bad" }), "BAD_REQUEST", /lowercase letters/);
    await expectTrpcError(callerFor(owner.id).userGroups.update({ groupId: ops.id, memberIds: [crypto.randomUUID()] }), "NOT_FOUND", /not a member/);
    // A private channel the manager is not in does not exist for them; a guest gets default channels only from admins.
    const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "secret", kind: "private" });
    await expectTrpcError(callerFor(member.id).userGroups.update({ groupId: ops.id, channelIds: [secret.id] }), "NOT_FOUND");
    const guest = await joinedMember(owner.id, workspace.id, "Someone");
    await callerFor(owner.id).workspaces.changeRole({ workspaceId: workspace.id, userId: guest.id, role: "guest" });
    await callerFor(member.id).userGroups.update({ groupId: ops.id, channelIds: [workspace.generalChannelId!] });
    await expectTrpcError(callerFor(member.id).userGroups.update({ groupId: ops.id, memberIds: [guest.id] }), "FORBIDDEN", /Only admins can put a guest/);
    await callerFor(owner.id).userGroups.update({ groupId: ops.id, memberIds: [guest.id] });
    await callerFor(member.id).userGroups.delete({ groupId: ops.id });
    expect(await callerFor(owner.id).userGroups.list({ workspaceId: workspace.id })).toEqual([]);
    const log = await callerFor(owner.id).audit.list({ workspaceId: workspace.id });
    expect(log.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(["group.created", "group.deleted"]));
  });
});
