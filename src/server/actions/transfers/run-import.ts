import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { env } from "@/env";
import { toChannelName } from "@/shared/channels";
import { cleanFileName } from "@/shared/files";
import { newId } from "@/shared/ids";
import { emojiForName } from "@/shared/slack/emoji";
import { mrkdwnToMarkdown } from "@/shared/slack/mrkdwn";
import type { WorkspaceRole } from "@/shared/workspaces";
import type { Db } from "../../db/client";
import { channelMembers, channels, dataTransfers, deactivatedMembers, files, importedItems, messages, pins, reactions, users, workspaceMembers } from "../../db/schema";
import { openZip, type SlackChannel, type SlackMessage, type SlackUser, tsToDate, type ZipReader } from "../../slack-export/zip-reader";
import { domainVerifiedBy } from "../../access/workspaces";
import { audit } from "../audit";
import { defineAction, type ActionContext } from "../context";
import { deactivate } from "../workspaces/member-lifecycle";
import { joinWorkspace } from "../workspaces/join-workspace";
import { recountThreads } from "../messages/thread-stats";
import { TransferProgress } from "./transfer-progress";

type Kind = (typeof importedItems.$inferInsert)["kind"];
type ChannelKind = "public" | "private" | "dm" | "group_dm";
/** Slack's notices of joins, leaves and renames: the import keeps the conversation, not its housekeeping. */
const NOTICES = new Set(["channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "channel_archive", "channel_unarchive", "group_join", "group_leave", "pinned_item", "bot_add", "bot_remove"]);
const BATCH = 500;

/** What this import already made of each Slack id, read once per kind and kept up to date as it goes. */
class Mappings {
  private readonly known = new Map<string, string>();
  constructor(
    private readonly db: Db,
    private readonly workspaceId: string,
  ) {}
  async load() {
    for (const row of await this.db.select().from(importedItems).where(eq(importedItems.workspaceId, this.workspaceId))) this.known.set(`${row.kind}:${row.slackId}`, row.confabId);
  }
  get(kind: Kind, slackId: string) {
    return this.known.get(`${kind}:${slackId}`);
  }
  async set(db: Db, kind: Kind, slackId: string, confabId: string) {
    this.known.set(`${kind}:${slackId}`, confabId);
    await db.insert(importedItems).values({ workspaceId: this.workspaceId, kind, slackId, confabId }).onConflictDoNothing();
  }
}

interface Run {
  ctx: ActionContext;
  db: Db;
  workspaceId: string;
  zip: ZipReader;
  map: Mappings;
  progress: TransferProgress;
}

const placeholderEmail = (kind: string, slackId: string, workspaceId: string) => `${kind}-${slackId.toLowerCase()}-${workspaceId.slice(0, 8)}@import.invalid`;

/** Slack users: matched by email, else created without a password (they sign in by SSO or a reset link) as members. */
async function importUsers(run: Run, slackUsers: SlackUser[]) {
  const { ctx, db, workspaceId, map, progress } = run;
  await progress.phase("People", slackUsers.length);
  for (const [index, person] of slackUsers.entries()) {
    await progress.advance(index);
    if (map.get("user", person.id)) continue;
    const name = (person.profile?.real_name || person.real_name || person.profile?.display_name || person.name || person.id).slice(0, 80);
    const email = person.profile?.email?.trim().toLowerCase();
    const role: WorkspaceRole = person.is_restricted ? "guest" : person.is_admin || person.is_owner ? "admin" : "member";
    await ctx.services.db.transaction(async (tx) => {
      const step = { ...ctx, tx };
      const [existing] = email ? await tx.select({ id: users.id }).from(users).where(eq(users.email, email)) : [];
      const here = async (userId: string) =>
        Boolean((await tx.select({ userId: workspaceMembers.userId }).from(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId))))[0]) ||
        Boolean((await tx.select({ userId: deactivatedMembers.userId }).from(deactivatedMembers).where(and(eq(deactivatedMembers.workspaceId, workspaceId), eq(deactivatedMembers.userId, userId))))[0]);
      // Someone's own account is theirs: it is linked only when already in this workspace or in a domain it verified.
      const linkable = existing && ((await here(existing.id)) || (await domainVerifiedBy(tx, workspaceId, email!)));
      const stranded = Boolean(existing && !linkable);
      const userId = linkable
        ? existing!.id
        : (await tx
            .insert(users)
            .values({ name, email: email && !stranded ? email : placeholderEmail(person.is_bot ? "bot" : "slack", person.id, workspaceId), isBot: Boolean(person.is_bot) })
            .returning({ id: users.id }))[0]!.id;
      if (!(await here(userId))) {
        // A guest's channels come from the channels they are in, below; nobody is put into the default channels twice.
        await joinWorkspace(step, workspaceId, userId, role, { intoDefaultChannels: false });
        if (person.deleted || stranded || (!email && !person.is_bot)) await deactivate(step, workspaceId, userId, { by: null, reason: "deactivated" });
      }
      if (!email && !person.is_bot) progress.skip(`${name} (${person.id})`, "no email address in the export: imported as a deactivated member, to sign their messages");
      if (stranded) progress.skip(`${name} (${email})`, "a Confab account with this address exists outside this workspace, whose domain this workspace has not verified: imported as a deactivated stand-in that signs their messages");
      await map.set(tx as unknown as Db, "user", person.id, userId);
    });
    progress.count("users");
  }
}

/** The Confab user of a message: its Slack user, or (a bot message) a bot user made once per bot. */
async function authorOf(run: Run, message: SlackMessage): Promise<string | null> {
  const { db, workspaceId, map } = run;
  if (message.user && map.get("user", message.user)) return map.get("user", message.user)!;
  const botKey = message.bot_id ?? (message.username ? `name:${message.username}` : null);
  if (!botKey) return null;
  const known = map.get("user", botKey);
  if (known) return known;
  const [bot] = await db.insert(users).values({ name: (message.username ?? message.bot_id ?? "Bot").slice(0, 80), email: placeholderEmail("bot", botKey.replace(/\W/g, ""), workspaceId), isBot: true }).returning({ id: users.id });
  await db.insert(workspaceMembers).values({ workspaceId, userId: bot!.id, role: "member" }).onConflictDoNothing();
  await map.set(db, "user", botKey, bot!.id);
  return bot!.id;
}

async function importChannel(run: Run, slack: SlackChannel, kind: ChannelKind, defaultChannelId: string | undefined) {
  const { db, workspaceId, map } = run;
  const known = map.get("channel", slack.id);
  if (known) return known;
  const memberIds = [...new Set((slack.members ?? []).map((id) => map.get("user", id)).filter((id): id is string => Boolean(id)))];
  let channelId: string | undefined;
  if (kind === "dm" || kind === "group_dm") {
    const dmKey = [...memberIds].sort().join(",");
    channelId = (await db.select({ id: channels.id }).from(channels).where(and(eq(channels.workspaceId, workspaceId), eq(channels.dmKey, dmKey))))[0]?.id;
    channelId ??= (await db.insert(channels).values({ workspaceId, kind, name: kind === "dm" ? "dm" : "group", dmKey, createdAt: slack.created ? new Date(slack.created * 1000) : undefined }).returning({ id: channels.id }))[0]!.id;
  } else {
    const name = toChannelName(slack.name ?? slack.id).replace(/-+$/, "") || `imported-${slack.id.toLowerCase()}`;
    channelId = slack.is_general ? defaultChannelId : (await db.select({ id: channels.id }).from(channels).where(and(eq(channels.workspaceId, workspaceId), eq(channels.name, name), eq(channels.kind, kind))))[0]?.id;
    channelId ??= (
      await db
        .insert(channels)
        .values({
          workspaceId,
          kind,
          name,
          topic: (slack.topic?.value ?? "").slice(0, 250),
          description: (slack.purpose?.value ?? "").slice(0, 250),
          createdBy: slack.creator ? (map.get("user", slack.creator) ?? null) : null,
          archivedAt: slack.is_archived ? new Date() : null,
          createdAt: slack.created ? new Date(slack.created * 1000) : undefined,
        })
        .returning({ id: channels.id })
    )[0]!.id;
  }
  // Only people still in the workspace hold channel memberships; a deactivated person's messages name them anyway.
  const active = memberIds.length ? await db.select({ userId: workspaceMembers.userId }).from(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, workspaceId), inArray(workspaceMembers.userId, memberIds))) : [];
  if (active.length) await db.insert(channelMembers).values(active.map(({ userId }) => ({ channelId: channelId!, userId }))).onConflictDoNothing();
  await map.set(db, "channel", slack.id, channelId!);
  run.progress.count("channels");
  return channelId!;
}

function emojiOf(name: string): string | undefined {
  const [base, tone] = name.split("::skin-tone-");
  return emojiForName(base!, tone ? Number(tone) : undefined) ?? (/\p{Extended_Pictographic}/u.test(name) ? name : undefined);
}

async function importFile(run: Run, slackFile: NonNullable<SlackMessage["files"]>[number], messageId: string, channelId: string, uploaderId: string | null) {
  const { zip, ctx, db, workspaceId, map, progress } = run;
  if (map.get("file", slackFile.id)) return;
  const entry = zip.names().find((name) => name.startsWith(`__uploads/${slackFile.id}/`));
  if (!entry) return progress.skip(slackFile.name ?? slackFile.id, "the file is not in the zip (Slack's exports carry only links to files)");
  const id = newId();
  const storageKey = `imports/${workspaceId}/${id}`;
  const mimeType = slackFile.mimetype || "application/octet-stream";
  const size = zip.size(entry) ?? slackFile.size ?? 0;
  await ctx.services.storage.put(storageKey, await zip.open(entry), size, mimeType);
  const kind = mimeType.startsWith("image/") ? "image" : mimeType.startsWith("video/") ? "video" : mimeType.startsWith("audio/") ? "audio" : "file";
  await db.insert(files).values({ id, workspaceId, channelId, messageId, uploaderId, name: cleanFileName(slackFile.name ?? entry.split("/").at(-1)!), size, mimeType, kind, storageKey });
  await map.set(db, "file", slackFile.id, id);
  progress.count("files");
}

/** One conversation's messages, day file by day file, in ts order, each batch its own transaction. */
async function importMessages(run: Run, slackChannelId: string, channelId: string, folder: string) {
  const { zip, ctx, map, progress } = run;
  const days = zip.names().filter((name) => name.startsWith(`${folder}/`) && /\/\d{4}-\d{2}-\d{2}\.json$/.test(name)).sort();
  const resolver = { user: (slackUserId: string) => map.get("user", slackUserId), channel: (id: string) => id };
  for (const day of days) {
    const dayMessages = ((await zip.json<SlackMessage[]>(day)) ?? []).filter((message) => message && typeof message.ts === "string").sort((a, b) => Number.parseFloat(a.ts) - Number.parseFloat(b.ts));
    for (let start = 0; start < dayMessages.length; start += BATCH) {
      await ctx.services.db.transaction(async (tx) => {
        const run2 = { ...run, db: tx as unknown as Db, ctx: { ...ctx, tx } };
        const [channel] = await tx.select({ lastSeq: channels.lastSeq }).from(channels).where(eq(channels.id, channelId)).for("update");
        let seq = channel!.lastSeq;
        for (const message of dayMessages.slice(start, start + BATCH)) {
          const key = `${slackChannelId}:${message.ts}`;
          if (map.get("message", key)) continue;
          if (message.subtype && NOTICES.has(message.subtype)) {
            progress.count("notices skipped");
            continue;
          }
          const rootId = message.thread_ts && message.thread_ts !== message.ts ? map.get("message", `${slackChannelId}:${message.thread_ts}`) : undefined;
          if (message.thread_ts && message.thread_ts !== message.ts && !rootId) progress.skip(`a reply in ${folder} at ${message.ts}`, "its thread's first message is not in the export: imported as a message of its own");
          const authorId = await authorOf(run2, message);
          const body = (message.confab?.body ?? mrkdwnToMarkdown(message.text ?? "", resolver)).slice(0, 40_000);
          const id = newId();
          seq += 1;
          await tx.insert(messages).values({
            id,
            channelId,
            seq,
            authorId,
            kind: message.subtype === "confab_system" ? "system" : "user",
            body: message.confab?.deleted ? "" : body,
            deletedAt: message.confab?.deleted ? tsToDate(message.ts) : null,
            threadRootId: rootId ?? null,
            alsoInChannel: Boolean(rootId && message.subtype === "thread_broadcast"),
            username: message.subtype === "bot_message" ? (message.username ?? null) : null,
            editedAt: message.edited?.ts ? tsToDate(message.edited.ts) : null,
            createdAt: tsToDate(message.ts),
          });
          await map.set(tx as unknown as Db, "message", key, id);
          for (const reaction of message.reactions ?? []) {
            const emoji = emojiOf(reaction.name);
            if (!emoji) {
              progress.skip(`:${reaction.name}: on a message in ${folder}`, "a custom emoji Confab does not have");
              continue;
            }
            const who = [...new Set((reaction.users ?? []).map((user) => map.get("user", user)).filter((user): user is string => Boolean(user)))];
            if (who.length) await tx.insert(reactions).values(who.map((userId) => ({ messageId: id, userId, emoji }))).onConflictDoNothing();
            progress.count("reactions", who.length);
          }
          for (const file of message.files ?? []) await importFile(run2, file, id, channelId, authorId);
          progress.count("messages");
        }
        await tx.update(channels).set({ lastSeq: seq }).where(eq(channels.id, channelId));
      });
    }
    await progress.step();
  }
  // Threads' counts, from what is now there.
  await recountThreads(ctx.services.db, sql`candidate.channel_id = ${channelId} and exists (select 1 from ${messages} reply where reply.thread_root_id = candidate.id)`);
}

async function importPins(run: Run, slack: SlackChannel) {
  const { db, map } = run;
  const channelId = map.get("channel", slack.id);
  for (const pin of slack.pins ?? []) {
    const messageId = map.get("message", `${slack.id}:${pin.id}`);
    if (!channelId || !messageId) continue;
    await db.insert(pins).values({ channelId, messageId, pinnedBy: pin.user ? (map.get("user", pin.user) ?? null) : null }).onConflictDoNothing();
    run.progress.count("pins");
  }
}

/**
 * The import job: the uploaded Slack export read from storage into a file, then people, channels (public, private,
 * DMs, group DMs), messages with threads, edits, reactions, files and pins, and bot messages. Everything it made is
 * remembered by its Slack id, so importing the same zip again adds nothing; what it could not bring over is in the
 * report with the reason.
 */
export const runImport = defineAction({ actors: ["system"], transaction: false }, async (ctx, input: { transferId: string }) => {
  const db = ctx.tx as Db;
  const [transfer] = await db.select().from(dataTransfers).where(and(eq(dataTransfers.id, input.transferId), isNull(dataTransfers.finishedAt)));
  if (!transfer?.storageKey) return;
  const progress = new TransferProgress(db, transfer.id);
  await progress.phase("Reading the zip", 0);
  const dir = path.join(env().dataDir, "transfers");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${transfer.id}.import.zip`);
  await pipeline(await ctx.services.storage.get(transfer.storageKey), createWriteStream(file));
  const zip = await openZip(file).catch(async (error: Error) => {
    await rm(file, { force: true });
    throw new Error(`That file is not a zip, or it is damaged (${error.message})`);
  });
  try {
    if (!zip.names().includes("users.json") && !zip.names().includes("channels.json")) throw new Error("That zip is not a Slack export: it has no users.json or channels.json");
    const map = new Mappings(db, transfer.workspaceId);
    await map.load();
    const run: Run = { ctx, db, workspaceId: transfer.workspaceId, zip, map, progress };
    await importUsers(run, (await zip.json<SlackUser[]>("users.json")) ?? []);
    const [general] = await db.select({ id: channels.id }).from(channels).where(and(eq(channels.workspaceId, transfer.workspaceId), eq(channels.isDefault, true)));
    const lists: Array<[string, ChannelKind]> = [["channels.json", "public"], ["groups.json", "private"], ["mpims.json", "group_dm"], ["dms.json", "dm"]];
    const conversations: Array<{ slack: SlackChannel; channelId: string; folder: string }> = [];
    for (const [list, kind] of lists) {
      for (const slack of (await zip.json<SlackChannel[]>(list)) ?? []) {
        const channelId = await importChannel(run, slack, kind, general?.id);
        conversations.push({ slack, channelId, folder: kind === "dm" ? slack.id : (slack.name ?? slack.id) });
      }
    }
    await progress.phase("Messages", zip.names().filter((name) => /\/\d{4}-\d{2}-\d{2}\.json$/.test(name)).length);
    for (const { slack, channelId, folder } of conversations) await importMessages(run, slack.id, channelId, folder);
    for (const { slack } of conversations) await importPins(run, slack);
    for (const folder of new Set(zip.names().map((name) => name.split("/")[0]!).filter((name) => !name.endsWith(".json") && name !== "__uploads"))) {
      if (!conversations.some((entry) => entry.folder === folder)) progress.skip(`the folder ${folder}/`, "no channel, group, DM or group DM in the export's lists has that name");
    }
    await progress.finish();
    await audit(db, { workspaceId: transfer.workspaceId, actorId: transfer.createdBy, action: "import.finished", detail: Object.entries(progress.report.counts).map(([what, count]) => `${count} ${what}`).join(", ") });
  } finally {
    zip.close();
    await rm(file, { force: true });
  }
});
