import { createWriteStream } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { and, asc, eq, inArray } from "drizzle-orm";
import yazl from "yazl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../src/server/db/client";
import { channels, files, messages, pins, reactions, ssoDomains, users } from "../../src/server/db/schema";
import { processServices } from "../../src/server/services";
import { runDueJobs } from "../../src/server/jobs/queue";
// The worker that runs exports and imports, as the server starts it.
import "../../src/server/jobs/transfer-job";
import { callerFor, eventually, joinedMember, workspaceWithOwner } from "./factories";
import { sessionCookie, startDoorServer } from "./door-server";

let doors: Awaited<ReturnType<typeof startDoorServer>>;
beforeAll(async () => void (doors = await startDoorServer()));
afterAll(() => doors.close());

const stamp = `${Date.now()}`;
const email = (name: string) => `${name}.${stamp}@slack-import.test`;
const day1 = 1_700_000_000; // 2023-11-14
const ts = (offset: number) => `${day1 + offset}.000${String(offset).padStart(3, "0")}`;
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

/** A Slack export as Slack documents it ("How to read Slack data exports"), with every kind of file and edge. */
function slackExportZip() {
  const zip = new yazl.ZipFile();
  const json = (name: string, value: unknown) => zip.addBuffer(Buffer.from(JSON.stringify(value)), name);
  json("users.json", [
    { id: "U0ANA", name: "ana", real_name: "Ana Lima", is_admin: true, profile: { real_name: "Ana Lima", email: email("ana") } },
    { id: "U0BEN", name: "ben", real_name: "Ben Ode", profile: { real_name: "Ben Ode", email: email("ben") } },
    { id: "U0CAROL", name: "carol", real_name: "Carol NoEmail", profile: { real_name: "Carol NoEmail" } },
    { id: "U0DAVE", name: "dave", real_name: "Dave Gone", deleted: true, profile: { real_name: "Dave Gone", email: email("dave") } },
    { id: "U0GUEST", name: "gus", real_name: "Gus Guest", is_restricted: true, profile: { real_name: "Gus Guest", email: email("gus") } },
    { id: "U0BOT", name: "deploybot", is_bot: true, profile: { real_name: "Deploy Bot" } },
  ]);
  json("channels.json", [
    { id: "C0GENERAL", name: "general", created: day1, creator: "U0ANA", is_general: true, members: ["U0ANA", "U0BEN", "U0CAROL"], topic: { value: "" }, purpose: { value: "Everyone" } },
    { id: "C0DESIGN", name: "design", created: day1, creator: "U0ANA", members: ["U0ANA", "U0BEN", "U0GUEST"], topic: { value: "Pixels" }, purpose: { value: "" }, pins: [{ id: ts(10), type: "C", user: "U0ANA" }] },
  ]);
  json("groups.json", [{ id: "G0SECRET", name: "secret", created: day1, creator: "U0ANA", is_archived: true, members: ["U0ANA", "U0BEN"] }]);
  json("dms.json", [{ id: "D0ANABEN", created: day1, members: ["U0ANA", "U0BEN"] }]);
  json("mpims.json", [{ id: "G0MPIM", name: "mpdm-ana--ben--carol-1", created: day1, creator: "U0ANA", members: ["U0ANA", "U0BEN", "U0CAROL"] }]);
  json("general/2023-11-14.json", [
    { type: "message", subtype: "channel_join", user: "U0BEN", text: "<@U0BEN> has joined the channel", ts: ts(1) },
    { type: "message", user: "U0ANA", text: "Hello *team*, meet <@U0BEN>", ts: ts(2), reactions: [{ name: "+1", users: ["U0BEN", "U0CAROL"], count: 2 }, { name: "partyparrot", users: ["U0BEN"], count: 1 }] },
    { type: "message", user: "U0CAROL", text: "I have no email", ts: ts(3), edited: { user: "U0CAROL", ts: ts(4) } },
    { type: "message", subtype: "bot_message", bot_id: "B0DEPLOY", username: "deploybot", text: "Deployed v1.2", ts: ts(5) },
    { type: "message", user: "U0DAVE", text: "I left the company", ts: ts(6) },
  ]);
  json("design/2023-11-14.json", [
    { type: "message", user: "U0ANA", text: "Thread root", ts: ts(10), thread_ts: ts(10), reply_count: 2, reply_users: ["U0BEN"] },
    { type: "message", user: "U0BEN", text: "First reply", ts: ts(11), thread_ts: ts(10), parent_user_id: "U0ANA" },
    { type: "message", subtype: "thread_broadcast", user: "U0BEN", text: "Broadcast reply", ts: ts(12), thread_ts: ts(10) },
    {
      type: "message",
      user: "U0ANA",
      text: "Two files",
      ts: ts(13),
      files: [
        { id: "F0LOGO", name: "logo.png", title: "logo.png", mimetype: "image/png", size: PNG.length },
        { id: "F0GONE", name: "missing.pdf", title: "missing.pdf", mimetype: "application/pdf", size: 10 },
      ],
    },
  ]);
  json("design/2023-11-15.json", [{ type: "message", user: "U0GUEST", text: "A guest's word", ts: ts(86_400) }]);
  json("secret/2023-11-14.json", [{ type: "message", user: "U0BEN", text: "Private things", ts: ts(20) }]);
  json("D0ANABEN/2023-11-14.json", [{ type: "message", user: "U0ANA", text: "Just us", ts: ts(30) }]);
  json("mpdm-ana--ben--carol-1/2023-11-14.json", [{ type: "message", user: "U0CAROL", text: "Three of us", ts: ts(40) }]);
  json("orphans/2023-11-14.json", [{ type: "message", user: "U0ANA", text: "Nowhere", ts: ts(50) }]);
  zip.addBuffer(PNG, "__uploads/F0LOGO/logo.png");
  zip.end();
  return zip.outputStream;
}

async function zipFile(stream: NodeJS.ReadableStream) {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), "slack-export-")), "export.zip");
  await pipeline(stream, createWriteStream(file));
  return readFile(file);
}

async function importInto(ownerId: string, workspaceId: string, zip: Buffer) {
  const response = await fetch(`http://${doors.host}/api/transfers/import?workspaceId=${workspaceId}`, { method: "POST", headers: { cookie: await sessionCookie(ownerId), "content-type": "application/zip" }, body: new Uint8Array(zip) });
  expect(response.status).toBe(202);
  const { transferId } = (await response.json()) as { transferId: string };
  return finished(ownerId, workspaceId, transferId);
}

async function finished(ownerId: string, workspaceId: string, transferId: string) {
  let transfer;
  await eventually(async () => {
    await runDueJobs(new Date());
    transfer = (await callerFor(ownerId).transfers.list({ workspaceId })).find((entry) => entry.id === transferId);
    expect(transfer?.error ?? null).toBeNull();
    expect(transfer?.status).toBe("done");
  }, 60_000);
  return transfer!;
}

const channelNamed = async (workspaceId: string, name: string) => (await db().select().from(channels).where(and(eq(channels.workspaceId, workspaceId), eq(channels.name, name))))[0]!;
const bodiesIn = async (channelId: string) => (await db().select().from(messages).where(eq(messages.channelId, channelId)).orderBy(asc(messages.seq))).map((message) => message.body);

describe("importing a Slack export", () => {
  it("brings over people, channels, DMs, threads, edits, reactions, pins, files and bot messages, and reports the rest", { timeout: 120_000 }, async () => {
    const { owner, workspace } = await workspaceWithOwner("Imported");
    const existing = await joinedMember(owner.id, workspace.id, "Existing");
    await db().update(users).set({ email: email("ben") }).where(eq(users.id, existing.id));
    const zip = await zipFile(slackExportZip());
    const transfer = await importInto(owner.id, workspace.id, zip);
    expect(transfer.report!.counts).toMatchObject({ users: 6, messages: 12, files: 1, pins: 1, "notices skipped": 1 });
    const skipped = transfer.report!.skipped.map((entry: { what: string; why: string }) => `${entry.what}: ${entry.why}`);
    expect(skipped).toEqual(
      expect.arrayContaining([expect.stringMatching(/Carol NoEmail.*no email/), expect.stringMatching(/missing\.pdf.*not in the zip/), expect.stringMatching(/partyparrot.*custom emoji/), expect.stringMatching(/orphans/)]),
    );

    // People: Ben matched by email to the member already here; Dave deactivated; Carol kept (deactivated) to sign her message.
    const members = await callerFor(owner.id).workspaces.members({ workspaceId: workspace.id });
    expect(members.find((member) => member.userId === existing.id)).toBeTruthy();
    expect(members.find((member) => member.name === "Dave Gone")).toMatchObject({ deactivated: true });
    expect(members.find((member) => member.name === "Carol NoEmail")).toMatchObject({ deactivated: true });
    expect(members.find((member) => member.name === "Gus Guest")).toMatchObject({ role: "guest" });

    const general = workspace.generalChannelId!;
    const generalMessages = await db().select().from(messages).where(eq(messages.channelId, general)).orderBy(asc(messages.seq));
    expect(generalMessages.map((message) => message.body)).toEqual([`Hello **team**, meet <@${existing.id}>`, "I have no email", "Deployed v1.2", "I left the company"]);
    expect(generalMessages[1]!.editedAt).not.toBeNull();
    expect(generalMessages[2]).toMatchObject({ username: "deploybot" });
    expect((await db().select().from(reactions).where(eq(reactions.messageId, generalMessages[0]!.id))).map((row) => row.emoji)).toEqual(["👍", "👍"]);

    const design = await channelNamed(workspace.id, "design");
    expect(design).toMatchObject({ kind: "public", topic: "Pixels" });
    const designMessages = await db().select().from(messages).where(eq(messages.channelId, design.id)).orderBy(asc(messages.seq));
    const root = designMessages.find((message) => message.body === "Thread root")!;
    expect(root).toMatchObject({ replyCount: 2 });
    expect(designMessages.filter((message) => message.threadRootId === root.id).map((message) => [message.body, message.alsoInChannel])).toEqual([["First reply", false], ["Broadcast reply", true]]);
    expect(await db().select().from(pins).where(eq(pins.channelId, design.id))).toHaveLength(1);
    const [logo] = await db().select().from(files).where(eq(files.channelId, design.id));
    expect(logo).toMatchObject({ name: "logo.png", mimeType: "image/png", size: PNG.length });
    const stored = [];
    for await (const chunk of await processServices.storage.get(logo!.storageKey)) stored.push(chunk as Buffer);
    expect(Buffer.concat(stored)).toEqual(PNG);
    expect(await channelNamed(workspace.id, "secret")).toMatchObject({ kind: "private" });
    expect((await channelNamed(workspace.id, "secret")).archivedAt).not.toBeNull();
    const dms = await db().select().from(channels).where(and(eq(channels.workspaceId, workspace.id), inArray(channels.kind, ["dm", "group_dm"])));
    expect(dms.map((channel) => channel.kind).sort()).toEqual(["dm", "group_dm"]);
    for (const dm of dms) expect(await bodiesIn(dm.id)).toEqual([dm.kind === "dm" ? "Just us" : "Three of us"]);

    // Importing the same zip again adds nothing.
    const before = (await db().select({ id: messages.id }).from(messages)).length;
    const again = await importInto(owner.id, workspace.id, zip);
    expect(again.report!.counts.messages ?? 0).toBe(0);
    expect((await db().select({ id: messages.id }).from(messages)).length).toBe(before);
  });

  it("round trip: a workspace exported and imported into a new one keeps every message, thread, reaction and file", { timeout: 120_000 }, async () => {
    const source = await workspaceWithOwner("Source");
    const member = await joinedMember(source.owner.id, source.workspace.id, "Member");
    const general = source.workspace.generalChannelId!;
    const asOwner = callerFor(source.owner.id);
    const root = await asOwner.messages.send({ channelId: general, body: "Plan for **Q3**, see <@" + member.id + ">\n\n```\ncode block\n```", clientNonce: crypto.randomUUID() });
    await callerFor(member.id).messages.send({ channelId: general, body: "a reply", threadRootId: root.id, clientNonce: crypto.randomUUID() });
    await callerFor(member.id).messages.send({ channelId: general, body: "a broadcast reply", threadRootId: root.id, alsoInChannel: true, clientNonce: crypto.randomUUID() });
    await callerFor(member.id).messages.react({ messageId: root.id, emoji: "🎉" });
    await asOwner.messages.edit({ messageId: root.id, body: "Plan for **Q3** (edited), see <@" + member.id + ">" });
    const secret = await asOwner.channels.create({ workspaceId: source.workspace.id, name: "secret-plans", kind: "private" });
    await asOwner.messages.send({ channelId: secret.id, body: "private _words_", clientNonce: crypto.randomUUID() });
    const dm = await asOwner.channels.openDm({ workspaceId: source.workspace.id, userIds: [member.id] });
    await asOwner.messages.send({ channelId: dm.id, body: "just between us", clientNonce: crypto.randomUUID() });
    const upload = await fetch(`http://${doors.host}/api/files?channelId=${general}&name=notes.txt`, { method: "POST", headers: { cookie: await sessionCookie(source.owner.id) }, body: "file bytes" });
    const { file } = (await upload.json()) as { file: { id: string } };
    await asOwner.messages.send({ channelId: general, body: "with a file", fileIds: [file.id], clientNonce: crypto.randomUUID() });

    const started = await asOwner.transfers.startExport({ workspaceId: source.workspace.id });
    const exported = await finished(source.owner.id, source.workspace.id, started.id);
    expect(exported.report!.counts).toMatchObject({ messages: 6, files: 1 });
    const download = await fetch(`http://${doors.host}/api/transfers/${started.id}/download`, { headers: { cookie: await sessionCookie(source.owner.id) } });
    expect(download.status).toBe(200);
    const zip = Buffer.from(await download.arrayBuffer());
    expect((await fetch(`http://${doors.host}/api/transfers/${started.id}/download`, { headers: { cookie: await sessionCookie(member.id) } })).status).toBe(403);

    const target = await workspaceWithOwner("Target");
    // The target vouches for the people's addresses (as a company moving its own workspace would), so their accounts link.
    await db().insert(ssoDomains).values({ workspaceId: target.workspace.id, domain: "example.test", verificationToken: "t", verifiedAt: new Date() });
    await importInto(target.owner.id, target.workspace.id, zip);
    const describe = async (workspaceId: string) => {
      const rows = await db()
        .select({ channel: channels.name, kind: channels.kind, body: messages.body, author: users.email, root: messages.threadRootId, id: messages.id, also: messages.alsoInChannel, edited: messages.editedAt, createdAt: messages.createdAt })
        .from(messages)
        .innerJoin(channels, eq(channels.id, messages.channelId))
        .leftJoin(users, eq(users.id, messages.authorId))
        .where(eq(channels.workspaceId, workspaceId))
        .orderBy(asc(channels.kind), asc(channels.name), asc(messages.seq));
      const bodyOf = new Map(rows.map((row) => [row.id, row.body]));
      const all = [];
      for (const row of rows) {
        const emoji = (await db().select({ emoji: reactions.emoji, who: users.email }).from(reactions).innerJoin(users, eq(users.id, reactions.userId)).where(eq(reactions.messageId, row.id))).map((entry) => `${entry.emoji} ${entry.who}`);
        const attached = (await db().select({ name: files.name, size: files.size }).from(files).where(eq(files.messageId, row.id))).map((entry) => `${entry.name}:${entry.size}`);
        all.push({ channel: row.kind === "dm" ? "dm" : row.channel, body: row.body.replace(/<@[0-9a-f-]{36}>/g, "<@someone>"), author: row.author, thread: row.root ? bodyOf.get(row.root) : null, also: row.also, edited: row.edited !== null, createdAt: Math.floor(row.createdAt.getTime() / 1000), emoji, attached });
      }
      return all;
    };
    const before = await describe(source.workspace.id);
    const after = await describe(target.workspace.id);
    expect(after).toEqual(before);
    expect(before).toHaveLength(6);
  });
});
