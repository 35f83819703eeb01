import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../src/server/db/client";
import { invites, workspaceMembers } from "../../src/server/db/schema";
import { topics } from "../../src/shared/events";
import { callerFor, eventually, expectTrpcError, makeUser, recordTopic, workspaceWithOwner } from "./factories";

async function membersOf(workspaceId: string) {
  return db().select().from(workspaceMembers).where(eq(workspaceMembers.workspaceId, workspaceId));
}

describe("invite links", () => {
  it("let a new person join with the invite's role, into the invite's channels, announced live", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const guest = await makeUser("Gina Guest");
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "guest", expiresIn: "1d", maxUses: 5, channelIds: [workspace.generalChannelId!] });
    expect(invite.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    const preview = await callerFor(null).invites.preview({ token: invite.token });
    expect(preview).toMatchObject({ workspaceName: workspace.name, memberCount: 1, role: "guest", problem: null });

    const recorder = recordTopic(topics.workspace(workspace.id));
    const joined = await callerFor(guest.id).invites.accept({ token: invite.token });
    expect(joined).toMatchObject({ slug: workspace.slug, generalChannelId: workspace.generalChannelId, alreadyMember: false });
    expect((await membersOf(workspace.id)).find((row) => row.userId === guest.id)?.role).toBe("guest");
    const channels = await callerFor(guest.id).channels.mine({ workspaceId: workspace.id });
    expect(channels.map((channel) => channel.id)).toEqual([workspace.generalChannelId]);
    await eventually(() =>
      expect(recorder.events).toContainEqual(
        expect.objectContaining({ type: "workspace.member_joined", member: expect.objectContaining({ userId: guest.id, name: "Gina Guest", role: "guest" }) }),
      ),
    );
    recorder.stop();
    const [row] = await db().select().from(invites).where(eq(invites.id, invite.id));
    expect(row!.uses).toBe(1);
  });

  it("do not use up a use when a member opens their own link again", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: 1 });
    expect(await callerFor(owner.id).invites.accept({ token: invite.token })).toMatchObject({ alreadyMember: true });
    const [row] = await db().select().from(invites).where(eq(invites.id, invite.id));
    expect(row!.uses).toBe(0);
  });

  it("refuse an expired link with a clear message and write nothing", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const late = await makeUser();
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "1d", maxUses: null });
    await db().update(invites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invites.id, invite.id));
    await expectTrpcError(callerFor(late.id).invites.accept({ token: invite.token }), "BAD_REQUEST", /has expired/);
    expect(await membersOf(workspace.id)).toHaveLength(1);
    expect((await db().select().from(invites).where(eq(invites.id, invite.id)))[0]!.uses).toBe(0);
    expect((await callerFor(null).invites.preview({ token: invite.token }))?.problem).toMatch(/has expired/);
  });

  it("refuse a revoked link with a clear message and write nothing", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const late = await makeUser();
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "never", maxUses: null });
    expect(invite.expiresAt).toBeNull();
    await callerFor(owner.id).invites.revoke({ inviteId: invite.id });
    await expectTrpcError(callerFor(late.id).invites.accept({ token: invite.token }), "BAD_REQUEST", /has been revoked/);
    expect(await membersOf(workspace.id)).toHaveLength(1);
    expect(await callerFor(owner.id).invites.list({ workspaceId: workspace.id })).toEqual([]);
  });

  it("stop working after their maximum number of uses", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const [first, second] = [await makeUser(), await makeUser()];
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: 1 });
    await callerFor(first.id).invites.accept({ token: invite.token });
    await expectTrpcError(callerFor(second.id).invites.accept({ token: invite.token }), "BAD_REQUEST", /used as many times/);
    expect(await membersOf(workspace.id)).toHaveLength(2);
  });

  it("let only one of two people racing for the last use in", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const racers = [await makeUser(), await makeUser()];
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: 1 });
    const results = await Promise.allSettled(racers.map((racer) => callerFor(racer.id).invites.accept({ token: invite.token })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await membersOf(workspace.id)).toHaveLength(2);
  });

  it("say an unknown token is not valid", async () => {
    const user = await makeUser();
    await expectTrpcError(callerFor(user.id).invites.accept({ token: "x".repeat(32) }), "NOT_FOUND", /not valid/);
    expect(await callerFor(null).invites.preview({ token: "x".repeat(32) })).toBeNull();
  });

  it("are created, listed and revoked only by admins; only owners invite admins", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const member = await makeUser();
    const admin = await makeUser();
    const stranger = await makeUser();
    const memberInvite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    const adminInvite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "admin", expiresIn: "7d", maxUses: null });
    await callerFor(member.id).invites.accept({ token: memberInvite.token });
    await callerFor(admin.id).invites.accept({ token: adminInvite.token });
    const create = (userId: string, role: "admin" | "member") =>
      callerFor(userId).invites.create({ workspaceId: workspace.id, role, expiresIn: "7d", maxUses: null });

    await expectTrpcError(create(member.id, "member"), "FORBIDDEN");
    await expectTrpcError(create(stranger.id, "member"), "NOT_FOUND");
    await expectTrpcError(create(admin.id, "admin"), "FORBIDDEN", /Only owners can invite admins/);
    await expectTrpcError(callerFor(member.id).invites.list({ workspaceId: workspace.id }), "FORBIDDEN");
    await expectTrpcError(callerFor(member.id).invites.revoke({ inviteId: memberInvite.id }), "FORBIDDEN");
    await expectTrpcError(callerFor(stranger.id).invites.revoke({ inviteId: memberInvite.id }), "NOT_FOUND");
    expect(await create(admin.id, "member")).toMatchObject({ role: "member" });
    expect(await callerFor(admin.id).invites.list({ workspaceId: workspace.id })).toHaveLength(3);
  });

  it("explain bad input in words", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    await expectTrpcError(
      callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: 0 }),
      "BAD_REQUEST",
      /At least one use/,
    );
    await expectTrpcError(
      callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "owner" as "admin", expiresIn: "7d", maxUses: null }),
      "BAD_REQUEST",
      /admin, member or guest/,
    );
  });
});
