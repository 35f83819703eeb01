import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookie, startDoorServer } from "./door-server";
import { callerFor, expectTrpcError, joinedMember, workspaceWithMember } from "./factories";

let doors: Awaited<ReturnType<typeof startDoorServer>>;
beforeAll(async () => {
  doors = await startDoorServer();
});
afterAll(() => doors.close());

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

  it("gives an app an icon: its bot's picture for everyone, the one before removed, never a file it staged", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const installed = await callerFor(owner.id).apps.create({ workspaceId: workspace.id, name: "Deploy Bot", description: "", scopes: ["chat:write"] });
    const image = (color: string) => sharp({ create: { width: 64, height: 64, channels: 3, background: color } }).png().toBuffer();
    const setIcon = async (userId: string, body: Buffer | string) =>
      fetch(`http://${doors.host}/api/files/app-icon?appId=${installed.appId}&name=icon.png`, { method: "POST", headers: { cookie: await sessionCookie(userId) }, body: typeof body === "string" ? body : new Uint8Array(body) });
    const first = (await (await setIcon(owner.id, await image("#f59e0b"))).json()) as { iconUrl: string };
    const second = await setIcon(owner.id, await image("#10b981"));
    expect(second.status).toBe(201);
    const { iconUrl } = (await second.json()) as { iconUrl: string };
    const [app] = await callerFor(owner.id).apps.list({ workspaceId: workspace.id });
    expect(app!.iconUrl).toBe(iconUrl);
    const bot = (await callerFor(member.id).workspaces.members({ workspaceId: workspace.id })).find((person) => person.userId === app!.botUserId);
    expect(bot?.image).toBe(iconUrl);
    // Anyone signed in sees it; the icon it replaced is gone.
    expect((await fetch(`http://${doors.host}${iconUrl}`, { headers: { cookie: await sessionCookie(member.id) } })).status).toBe(200);
    expect((await fetch(`http://${doors.host}${first.iconUrl}`, { headers: { cookie: await sessionCookie(owner.id) } })).status).toBe(404);
    expect((await setIcon(owner.id, "not an image at all")).status).toBe(400);
    expect((await setIcon(member.id, await image("#ef4444"))).status).toBe(404);
  });
});
