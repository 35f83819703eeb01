import { readdir } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../src/env";
import { runAction, SYSTEM } from "../../src/server/actions/context";
import { sweepAbandonedUploads } from "../../src/server/actions/files/sweep-abandoned-uploads";
import { sweepExpiredSamlState } from "../../src/server/actions/sso/sweep-expired-saml-state";
import { sweepExpiredResponseUrls } from "../../src/server/actions/apps/sweep-expired-response-urls";
import { db } from "../../src/server/db/client";
import { files, responseUrls, ssoSamlAssertions, ssoSamlRequests } from "../../src/server/db/schema";
import { servicesAt } from "../../src/server/services";
import { topics } from "../../src/shared/events";
import { sessionCookie, startDoorServer } from "./door-server";
import { callerFor, eventually, expectTrpcError, joinedMember, recordTopic, workspaceWithMember } from "./factories";

// Housekeeping that runs on a timer in production, and the leaving of a channel: run here for real, at moments to come.
let doors: Awaited<ReturnType<typeof startDoorServer>>;
beforeAll(async () => {
  doors = await startDoorServer();
});
afterAll(() => doors.close());

const HOUR = 60 * 60_000;
/** The process's services, but with the clock at a given moment: what the sweeps see when that time has come. */
const later = (ms: number) => new Date(Date.now() + ms);

const png = () => sharp({ create: { width: 64, height: 48, channels: 3, background: "#4f46e5" } }).png().toBuffer();

async function upload(userId: string, url: string) {
  const response = await fetch(`http://${doors.host}${url}`, { method: "POST", headers: { cookie: await sessionCookie(userId) }, body: new Uint8Array(await png()) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { file: { id: string; hasThumbnail: boolean } }).file;
}

/** Every object in local file storage. */
async function storedFiles(): Promise<string[]> {
  const root = path.join(env().dataDir, "files");
  return (await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])).filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

const fileRow = async (id: string) => (await db().select({ key: files.storageKey, thumbnail: files.thumbnailKey }).from(files).where(eq(files.id, id)))[0];

describe("the abandoned-upload sweep", () => {
  it("removes uploads never sent once a day has passed, with their bytes, and keeps sent files, avatars and newer drafts", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const abandoned = await upload(owner.id, `/api/files?channelId=${general}&name=abandoned.png`);
    const sent = await upload(owner.id, `/api/files?channelId=${general}&name=sent.png`);
    await callerFor(owner.id).messages.send({ channelId: general, body: "", fileIds: [sent.id], clientNonce: crypto.randomUUID() });
    const avatar = await upload(member.id, "/api/files/avatar?name=me.png");
    const abandonedRow = (await fileRow(abandoned.id))!;
    expect(abandonedRow.thumbnail).not.toBeNull();
    expect(await storedFiles()).toEqual(expect.arrayContaining([abandonedRow.key, abandonedRow.thumbnail]));

    // A draft of an hour ago, and one of 23 hours: both still wanted.
    await runAction(SYSTEM, sweepAbandonedUploads, undefined, servicesAt(later(HOUR)));
    await runAction(SYSTEM, sweepAbandonedUploads, undefined, servicesAt(later(23 * HOUR)));
    expect(await fileRow(abandoned.id)).toEqual(abandonedRow);
    expect((await fetch(`http://${doors.host}/api/files/${abandoned.id}/abandoned.png`, { headers: { cookie: await sessionCookie(owner.id) } })).status).toBe(200);

    // A day and a bit later: the draft goes, row and bytes (its thumbnail too); the rest stays.
    const newer = await upload(owner.id, `/api/files?channelId=${general}&name=newer.png`);
    await db().update(files).set({ createdAt: later(2 * HOUR) }).where(eq(files.id, newer.id));
    await runAction(SYSTEM, sweepAbandonedUploads, undefined, servicesAt(later(25 * HOUR)));
    expect(await fileRow(abandoned.id)).toBeUndefined();
    // Its bytes go after the commit.
    await eventually(async () => expect((await storedFiles()).filter((key) => key === abandonedRow.key || key === abandonedRow.thumbnail)).toEqual([]));
    expect((await fetch(`http://${doors.host}/api/files/${abandoned.id}/abandoned.png`, { headers: { cookie: await sessionCookie(owner.id) } })).status).toBe(404);
    for (const kept of [sent, avatar, newer]) {
      const row = (await fileRow(kept.id))!;
      expect(row).toBeDefined();
      expect(await storedFiles()).toContain(row.key);
    }
    const cookie = await sessionCookie(member.id);
    expect((await fetch(`http://${doors.host}/api/files/${sent.id}/sent.png`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`http://${doors.host}/api/files/${avatar.id}/me.png`, { headers: { cookie } })).status).toBe(200);
  });

  it("is for the system only", async () => {
    const { owner } = await workspaceWithMember();
    await expect(runAction({ kind: "user", userId: owner.id }, sweepAbandonedUploads, undefined)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("the expired-SAML-state sweep", () => {
  it("forgets pending SAML requests and remembered assertion IDs once they expired, and nothing before", async () => {
    const { owner, workspace } = await workspaceWithMember();
    const { id: connectionId } = await callerFor(owner.id).sso.createOidcConnection({ workspaceId: workspace.id, name: "Okta", issuer: "https://idp.example", clientId: "c", clientSecret: "s" });
    const expiring = (minutes: number) => later(minutes * 60_000);
    await db()
      .insert(ssoSamlRequests)
      .values([
        { id: "_expired", connectionId, callbackUrl: "/", expiresAt: expiring(-1) },
        { id: "_soon", connectionId, callbackUrl: "/", expiresAt: expiring(5) },
        { id: "_later", connectionId, callbackUrl: "/", expiresAt: expiring(60) },
      ]);
    await db()
      .insert(ssoSamlAssertions)
      .values([
        { connectionId, assertionId: "_a-expired", expiresAt: expiring(-1) },
        { connectionId, assertionId: "_a-soon", expiresAt: expiring(5) },
        { connectionId, assertionId: "_a-later", expiresAt: expiring(60) },
      ]);
    const left = async () => ({
      requests: (await db().select({ id: ssoSamlRequests.id }).from(ssoSamlRequests)).map((row) => row.id).sort(),
      assertions: (await db().select({ id: ssoSamlAssertions.assertionId }).from(ssoSamlAssertions)).map((row) => row.id).sort(),
    });

    // Now: only what has already expired goes.
    await runAction(SYSTEM, sweepExpiredSamlState, undefined);
    expect(await left()).toEqual({ requests: ["_later", "_soon"], assertions: ["_a-later", "_a-soon"] });
    // Ten minutes on, by the clock the sweep is given: the next ones.
    await runAction(SYSTEM, sweepExpiredSamlState, undefined, servicesAt(expiring(10)));
    expect(await left()).toEqual({ requests: ["_later"], assertions: ["_a-later"] });
    await runAction(SYSTEM, sweepExpiredSamlState, undefined, servicesAt(expiring(61)));
    expect(await left()).toEqual({ requests: [], assertions: [] });
  });
});

describe("the expired response_url sweep", () => {
  it("removes response_urls once their thirty minutes are over, and not before", async () => {
    const { owner, workspace, general } = await workspaceWithMember();
    const app = await callerFor(owner.id).apps.create({ workspaceId: workspace.id, name: "Bot", description: "", scopes: [] });
    const expiresAt = new Date(Date.now() + 30 * 60_000);
    await db().insert(responseUrls).values({ id: crypto.randomUUID(), appId: app.appId, channelId: general, userId: owner.id, expiresAt });
    const left = async () => (await db().select({ id: responseUrls.id }).from(responseUrls)).length;
    expect(await runAction(SYSTEM, sweepExpiredResponseUrls, undefined, servicesAt(new Date(expiresAt.getTime() - 1)))).toBe(0);
    expect(await left()).toBe(1);
    expect(await runAction(SYSTEM, sweepExpiredResponseUrls, undefined, servicesAt(expiresAt))).toBe(1);
    expect(await left()).toBe(0);
  });
});

describe("leaving a channel", () => {
  it("takes the member out: the channel's members and their sidebar change, and everyone concerned is told", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const project = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "project", kind: "public" });
    await callerFor(member.id).channels.join({ channelId: project.id });
    const memberIds = async () => (await callerFor(owner.id).channels.members({ channelId: project.id })).map((person) => person.userId).sort();
    const inSidebar = async (userId: string) => (await callerFor(userId).channels.mine({ workspaceId: workspace.id })).some((channel) => channel.id === project.id);
    expect(await memberIds()).toEqual([owner.id, member.id].sort());
    expect(await inSidebar(member.id)).toBe(true);

    const channelEvents = recordTopic(topics.channel(project.id));
    const memberEvents = recordTopic(topics.user(member.id));
    const workspaceEvents = recordTopic(topics.workspace(workspace.id));
    await callerFor(member.id).channels.leave({ channelId: project.id });

    expect(await memberIds()).toEqual([owner.id]);
    expect(await inSidebar(member.id)).toBe(false);
    expect(await inSidebar(owner.id)).toBe(true);
    await eventually(() => expect(channelEvents.events).toContainEqual({ type: "channel.member_left", channelId: project.id, userId: member.id }));
    await eventually(() => expect(memberEvents.events).toContainEqual({ type: "membership.changed" }));
    // A public channel's new member count goes to the whole workspace (its browse list shows it).
    await eventually(() =>
      expect(workspaceEvents.events).toContainEqual({ type: "channel.updated", channel: expect.objectContaining({ id: project.id, memberCount: 1 }) }),
    );
    for (const recorder of [channelEvents, memberEvents, workspaceEvents]) recorder.stop();

    // Out is out: leaving again is refused (a public channel still exists for them), and they can find it and come back.
    await expectTrpcError(callerFor(member.id).channels.leave({ channelId: project.id }), "BAD_REQUEST", /Join #project first/);
    expect((await callerFor(member.id).channels.browse({ workspaceId: workspace.id })).map((channel) => channel.id)).toContain(project.id);
    await callerFor(member.id).channels.join({ channelId: project.id });
    expect(await memberIds()).toEqual([owner.id, member.id].sort());
  });

  it("loses sight of a private channel once left", async () => {
    const { owner, workspace } = await workspaceWithMember();
    const insider = await joinedMember(owner.id, workspace.id, "Insider");
    const secret = await callerFor(owner.id).channels.create({ workspaceId: workspace.id, name: "secret", kind: "private" });
    await callerFor(owner.id).channels.addMember({ channelId: secret.id, userId: insider.id });
    const channelEvents = recordTopic(topics.channel(secret.id));
    await callerFor(insider.id).channels.leave({ channelId: secret.id });
    await expectTrpcError(callerFor(insider.id).channels.get({ channelId: secret.id }), "NOT_FOUND");
    await expectTrpcError(callerFor(insider.id).channels.join({ channelId: secret.id }), "NOT_FOUND");
    // A private channel's change goes to its members only.
    await eventually(() => expect(channelEvents.events).toContainEqual({ type: "channel.updated", channel: expect.objectContaining({ id: secret.id, memberCount: 1 }) }));
    channelEvents.stop();
  });

  it("refuses to leave #general or a conversation, changing nothing", async () => {
    const { owner, member, workspace, general } = await workspaceWithMember();
    const dm = await callerFor(owner.id).channels.openDm({ workspaceId: workspace.id, userIds: [member.id] });
    const channelEvents = recordTopic(topics.channel(general));
    await expectTrpcError(callerFor(member.id).channels.leave({ channelId: general }), "BAD_REQUEST", /Everyone stays in #general/);
    await expectTrpcError(callerFor(member.id).channels.leave({ channelId: dm.id }), "BAD_REQUEST", /Close a conversation/);
    expect((await callerFor(owner.id).channels.members({ channelId: general })).map((person) => person.userId)).toContain(member.id);
    expect((await callerFor(owner.id).channels.members({ channelId: dm.id })).map((person) => person.userId)).toContain(member.id);
    // A later event on #general, published after any the refusal could have sent: nothing came before it.
    await callerFor(owner.id).messages.send({ channelId: general, body: "still here", clientNonce: crypto.randomUUID() });
    await eventually(() => expect(channelEvents.events.map((event) => event.type)).toContain("message.created"));
    expect(channelEvents.events.filter((event) => event.type === "channel.member_left" || event.type === "channel.updated")).toEqual([]);
    channelEvents.stop();
  });
});
