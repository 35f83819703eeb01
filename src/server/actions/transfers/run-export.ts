import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import yazl from "yazl";
import { env } from "@/env";
import { cleanFileName } from "@/shared/files";
import { markdownToMrkdwn } from "@/shared/slack/mrkdwn";
import { nameForEmoji } from "@/shared/slack/emoji";
import { channelMembers, channels, dataTransfers, deactivatedMembers, files, messages, pins, reactions, users, workspaceMembers } from "../../db/schema";
import { toSlackId, toSlackTs } from "../../slack/ids";
import { audit } from "../audit";
import { defineAction, type ActionContext } from "../context";
import { TransferProgress } from "./transfer-progress";

const PAGE = 1000;
const unix = (date: Date) => Math.floor(date.getTime() / 1000);
const slackUser = (id: string | null) => (id ? toSlackId("U", id) : "USLACKBOT");
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

type Channel = typeof channels.$inferSelect;

function slackChannelId(channel: Channel) {
  return toSlackId(channel.kind === "public" ? "C" : channel.kind === "private" ? "G" : "D", channel.id);
}


/**
 * Writes a workspace as a Slack export zip: users.json, channels.json, groups.json, dms.json, mpims.json, a JSON
 * file per conversation per day, and the files' bytes under __uploads/ (as slackdump writes them). Read a page of
 * messages at a time and written to a file on disk as it goes: nothing the size of the workspace is held in memory.
 * Each message also carries Confab's own text (`confab.body`), which a Confab import prefers, so a round trip is exact.
 */
async function writeExport(ctx: ActionContext, transferId: string, workspaceId: string, progress: TransferProgress) {
  const { tx: db, services } = ctx;
  const zip = new yazl.ZipFile();
  const dir = path.join(env().dataDir, "transfers");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${transferId}.zip`);
  const written = pipeline(zip.outputStream, createWriteStream(file));
  const json = (name: string, value: unknown) => zip.addBuffer(Buffer.from(JSON.stringify(value, null, 2)), name);

  const people = [
    ...(await db.select({ user: users, role: workspaceMembers.role, singleChannel: workspaceMembers.singleChannel }).from(workspaceMembers).innerJoin(users, eq(users.id, workspaceMembers.userId)).where(eq(workspaceMembers.workspaceId, workspaceId))).map((row) => ({ ...row, deleted: false })),
    ...(await db.select({ user: users, role: deactivatedMembers.role, singleChannel: deactivatedMembers.singleChannel }).from(deactivatedMembers).innerJoin(users, eq(users.id, deactivatedMembers.userId)).where(eq(deactivatedMembers.workspaceId, workspaceId))).map((row) => ({ ...row, deleted: true })),
  ];
  const nameOf = new Map(people.map(({ user }) => [user.id, user.email.split("@")[0]!]));
  const resolver = { user: (userId: string) => (nameOf.has(userId) ? toSlackId("U", userId) : undefined) };
  json(
    "users.json",
    people.map(({ user, role, singleChannel, deleted }) => ({
      id: toSlackId("U", user.id),
      team_id: toSlackId("T", workspaceId),
      name: nameOf.get(user.id),
      deleted,
      real_name: user.name,
      is_bot: user.isBot,
      is_admin: role === "admin" || role === "owner",
      is_owner: role === "owner",
      is_restricted: role === "guest",
      is_ultra_restricted: role === "guest" && singleChannel,
      profile: { real_name: user.name, display_name: user.name, ...(!user.isBot && { email: user.email }) },
    })),
  );
  progress.count("users", people.length);

  const conversations = await db.select().from(channels).where(eq(channels.workspaceId, workspaceId)).orderBy(asc(channels.createdAt));
  const memberRows = conversations.length ? await db.select().from(channelMembers).where(inArray(channelMembers.channelId, conversations.map((channel) => channel.id))) : [];
  const pinRows = conversations.length
    ? await db.select({ channelId: pins.channelId, pinnedBy: pins.pinnedBy, createdAt: pins.pinnedAt, seq: messages.seq, messageCreatedAt: messages.createdAt }).from(pins).innerJoin(messages, eq(messages.id, pins.messageId)).where(inArray(pins.channelId, conversations.map((channel) => channel.id)))
    : [];
  const membersOf = (channelId: string) => memberRows.filter((row) => row.channelId === channelId).map((row) => row.userId);
  // The folder of a conversation's days, as Slack names them: a channel's name, an mpim's mpdm-… name, a DM's id.
  const folderOf = (channel: Channel) =>
    channel.kind === "dm" ? slackChannelId(channel) : channel.kind === "group_dm" ? `mpdm-${membersOf(channel.id).map((id) => nameOf.get(id) ?? "someone").sort().join("--")}-1` : channel.name;
  const described = (channel: Channel) => ({
    id: slackChannelId(channel),
    name: folderOf(channel),
    created: unix(channel.createdAt),
    creator: slackUser(channel.createdBy),
    is_archived: channel.archivedAt !== null,
    is_general: channel.isDefault,
    members: membersOf(channel.id).map((id) => toSlackId("U", id)),
    topic: { value: channel.topic ?? "", creator: "", last_set: 0 },
    purpose: { value: channel.description ?? "", creator: "", last_set: 0 },
    pins: pinRows.filter((pin) => pin.channelId === channel.id).map((pin) => ({ id: toSlackTs({ createdAt: pin.messageCreatedAt, seq: pin.seq }), type: "C", created: unix(pin.createdAt), user: slackUser(pin.pinnedBy), owner: slackUser(pin.pinnedBy) })),
  });
  const total = conversations.reduce((sum, channel) => sum + channel.lastSeq, 0);
  json("channels.json", conversations.filter((channel) => channel.kind === "public").map(described));
  json("groups.json", conversations.filter((channel) => channel.kind === "private").map(described));
  json("dms.json", conversations.filter((channel) => channel.kind === "dm").map((channel) => ({ id: slackChannelId(channel), created: unix(channel.createdAt), members: membersOf(channel.id).map((id) => toSlackId("U", id)) })));
  json("mpims.json", conversations.filter((channel) => channel.kind === "group_dm").map(described));
  progress.count("channels", conversations.length);

  await progress.phase("Writing messages", total);
  let done = 0;
  for (const channel of conversations) {
    // Live-chat conversations are not Slack's; their transcripts are the inbox's own.
    if (channel.kind === "support") continue;
    const folder = folderOf(channel);
    let day = "";
    let dayMessages: unknown[] = [];
    const flush = () => {
      if (dayMessages.length) json(`${folder}/${day}.json`, dayMessages);
      dayMessages = [];
    };
    let afterSeq = 0;
    for (;;) {
      const page = await db.select().from(messages).where(and(eq(messages.channelId, channel.id), gt(messages.seq, afterSeq))).orderBy(asc(messages.seq)).limit(PAGE);
      if (page.length === 0) break;
      afterSeq = page.at(-1)!.seq;
      const ids = page.map((message) => message.id);
      const [pageReactions, pageFiles] = await Promise.all([
        db.select().from(reactions).where(inArray(reactions.messageId, ids)).orderBy(asc(reactions.createdAt)),
        db.select().from(files).where(inArray(files.messageId, ids)),
      ]);
      const roots = new Map<string, { createdAt: Date; seq: number }>();
      const rootIds = [...new Set(page.map((message) => message.threadRootId).filter((id): id is string => Boolean(id)))];
      if (rootIds.length) for (const root of await db.select({ id: messages.id, createdAt: messages.createdAt, seq: messages.seq }).from(messages).where(inArray(messages.id, rootIds))) roots.set(root.id, root);
      for (const message of page) {
        if (message.deletedAt && !message.replyCount) {
          progress.skip(`a deleted message in #${channel.name}`, "deleted messages are not exported");
          continue;
        }
        const ts = toSlackTs(message);
        const root = message.threadRootId ? roots.get(message.threadRootId) : undefined;
        const byEmoji = new Map<string, string[]>();
        for (const reaction of pageReactions.filter((entry) => entry.messageId === message.id)) byEmoji.set(reaction.emoji, [...(byEmoji.get(reaction.emoji) ?? []), toSlackId("U", reaction.userId)]);
        const attached = pageFiles.filter((entry) => entry.messageId === message.id);
        for (const attachment of attached) {
          zip.addReadStream(await services.storage.get(attachment.storageKey), `__uploads/${toSlackId("F", attachment.id)}/${cleanFileName(attachment.name)}`);
          progress.count("files");
        }
        if (dayOf(message.createdAt) !== day) {
          flush();
          day = dayOf(message.createdAt);
        }
        dayMessages.push({
          type: "message",
          ...(message.kind === "system" ? { subtype: "confab_system" } : message.appId ? { subtype: "bot_message", bot_id: toSlackId("B", message.appId), username: message.username ?? undefined } : root && message.alsoInChannel ? { subtype: "thread_broadcast" } : {}),
          user: slackUser(message.authorId),
          text: markdownToMrkdwn(message.body, resolver),
          ts,
          ...(root && { thread_ts: toSlackTs(root), parent_user_id: undefined }),
          ...(message.replyCount > 0 && { thread_ts: ts, reply_count: message.replyCount, reply_users: message.replyUserIds.map((id) => toSlackId("U", id)) }),
          ...(message.editedAt && { edited: { user: slackUser(message.authorId), ts: `${unix(message.editedAt)}.000000` } }),
          ...(byEmoji.size && { reactions: [...byEmoji].map(([emoji, who]) => ({ name: nameForEmoji(emoji), users: who, count: who.length })) }),
          ...(attached.length && {
            files: attached.map((entry) => ({ id: toSlackId("F", entry.id), name: entry.name, title: entry.name, mimetype: entry.mimeType, size: entry.size, created: unix(entry.createdAt), user: slackUser(entry.uploaderId), mode: "hosted" })),
          }),
          confab: { body: message.body, ...(message.deletedAt && { deleted: true }) },
        });
        progress.count("messages");
      }
      done += page.length;
      await progress.advance(done);
    }
    flush();
  }
  zip.end();
  await written;
  return file;
}

/** The export job: the zip is written to disk, then stored like an upload for the admin to download. */
export const runExport = defineAction({ actors: ["system"], transaction: false }, async (ctx, input: { transferId: string }) => {
  const [transfer] = await ctx.tx.select().from(dataTransfers).where(and(eq(dataTransfers.id, input.transferId), isNull(dataTransfers.finishedAt)));
  if (!transfer) return;
  const progress = new TransferProgress(ctx.tx as never, transfer.id);
  await progress.phase("Listing people and channels", 0);
  const file = await writeExport(ctx, transfer.id, transfer.workspaceId, progress);
  const { size } = await stat(file);
  const storageKey = `transfers/${transfer.id}.zip`;
  await ctx.services.storage.put(storageKey, createReadStream(file), size, "application/zip");
  await rm(file, { force: true });
  await progress.finish({ storageKey, size });
  await audit(ctx.tx, { workspaceId: transfer.workspaceId, actorId: transfer.createdBy, action: "export.finished", detail: `${progress.report.counts.messages ?? 0} messages, ${progress.report.counts.files ?? 0} files, ${size} bytes` });
});
