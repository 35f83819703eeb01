import { describe, expect, it } from "vitest";
import { callerFor, expectTrpcError, joinedMember, workspaceWithMember } from "./factories";

describe("who manages apps", () => {
  it("admins manage every app; members create and manage their own only while the workspace lets them; guests never", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const other = await joinedMember(owner.id, workspace.id, "Other");
    const create = (userId: string, name: string) => callerFor(userId).apps.create({ workspaceId: workspace.id, name, description: "", scopes: ["chat:write"] });
    await expectTrpcError(create(member.id, "Mine"), "FORBIDDEN", /owners and admins/);
    await expectTrpcError(callerFor(member.id).apps.list({ workspaceId: workspace.id }), "FORBIDDEN");
    const ownersApp = await create(owner.id, "Owner's");

    await expectTrpcError(callerFor(member.id).workspaces.update({ workspaceId: workspace.id, membersCanCreateApps: true }), "FORBIDDEN");
    expect(await callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, membersCanCreateApps: true })).toMatchObject({ membersCanCreateApps: true });
    const membersApp = await create(member.id, "Mine");
    expect(membersApp.botToken).toMatch(/^xoxb-/);
    // Each member sees and changes their own; the owner sees and changes all.
    expect((await callerFor(member.id).apps.list({ workspaceId: workspace.id })).map((app) => app.name)).toEqual(["Mine"]);
    expect((await callerFor(other.id).apps.list({ workspaceId: workspace.id })).map((app) => app.name)).toEqual([]);
    expect((await callerFor(owner.id).apps.list({ workspaceId: workspace.id })).map((app) => app.name).sort()).toEqual(["Mine", "Owner's"]);
    await callerFor(member.id).apps.update({ appId: membersApp.appId, scopes: ["chat:write", "channels:read"] });
    await expectTrpcError(callerFor(member.id).apps.update({ appId: ownersApp.appId, scopes: [] }), "NOT_FOUND");
    await expectTrpcError(callerFor(other.id).apps.rotateToken({ appId: membersApp.appId, kind: "bot" }), "NOT_FOUND");
    await expectTrpcError(callerFor(other.id).apps.signingSecret({ appId: membersApp.appId }), "NOT_FOUND");
    await callerFor(owner.id).apps.rotateToken({ appId: membersApp.appId, kind: "bot" });

    const guest = await joinedMember(owner.id, workspace.id, "Guest");
    await callerFor(owner.id).workspaces.changeRole({ workspaceId: workspace.id, userId: guest.id, role: "guest" });
    await expectTrpcError(create(guest.id, "Guest's"), "FORBIDDEN");

    // Turned off again: the member's app stays, managed by admins.
    await callerFor(owner.id).workspaces.update({ workspaceId: workspace.id, membersCanCreateApps: false });
    await expectTrpcError(callerFor(member.id).apps.delete({ appId: membersApp.appId }), "NOT_FOUND");
    await callerFor(owner.id).apps.delete({ appId: membersApp.appId });
    expect((await callerFor(owner.id).apps.list({ workspaceId: workspace.id })).map((app) => app.name)).toEqual(["Owner's"]);
  });
});
