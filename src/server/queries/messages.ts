import { and, asc, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { historyInput } from "@/shared/messages";
import { requireReadableChannel } from "../access/channels";
import { notFound } from "../access/errors";
import { requireWorkspaceRole } from "../access/workspaces";
import { db } from "../db/client";
import { channelMembers, channels, messages, pins, savedMessages, threadFollowers } from "../db/schema";
import { messageView, messageViewsWhere, toMessageViews } from "./message-views";

const inChannelList = or(isNull(messages.threadRootId), eq(messages.alsoInChannel, true));

/**
 * A page of a channel's main list, by keyset on seq: the newest page, the page before `beforeSeq` (scrolling up),
 * or what came after `afterSeq` (catching up). Always in ascending seq order.
 */
export async function listHistory(actorId: string, input: z.output<typeof historyInput>) {
  const { channel } = await requireReadableChannel(db(), input.channelId, actorId);
  const inChannel = and(eq(messages.channelId, input.channelId), inChannelList);
  // One extra row tells whether there is more without a count.
  const take = input.limit + 1;
  if (input.afterSeq !== undefined) {
    const rows = await messageViewsWhere(db(), and(inChannel, gt(messages.seq, input.afterSeq)), asc(messages.seq), take);
    return { messages: rows.slice(0, input.limit), hasMore: rows.length > input.limit, lastSeq: channel.lastSeq };
  }
  const older = input.beforeSeq !== undefined ? lt(messages.seq, input.beforeSeq) : undefined;
  const rows = await messageViewsWhere(db(), and(inChannel, older), desc(messages.seq), take);
  return { messages: rows.slice(0, input.limit).reverse(), hasMore: rows.length > input.limit, lastSeq: channel.lastSeq };
}

export const THREAD_REPLY_LIMIT = 1000;

/** A thread: its first message and its replies in order. */
export async function getThread(actorId: string, rootId: string) {
  const root = await messageView(db(), rootId);
  if (!root || root.threadRootId) throw notFound("That thread does not exist or you cannot see it");
  await requireReadableChannel(db(), root.channelId, actorId).catch(() => {
    throw notFound("That thread does not exist or you cannot see it");
  });
  const replies = await messageViewsWhere(db(), eq(messages.threadRootId, rootId), asc(messages.seq), THREAD_REPLY_LIMIT);
  return { root, replies };
}

const LIST_LIMIT = 200;

/** A channel's pinned messages, newest pin first. */
export async function listPins(actorId: string, channelId: string) {
  await requireReadableChannel(db(), channelId, actorId);
  const rows = await db()
    .select({ message: messages })
    .from(pins)
    .innerJoin(messages, eq(messages.id, pins.messageId))
    .where(eq(pins.channelId, channelId))
    .orderBy(desc(pins.pinnedAt))
    .limit(LIST_LIMIT);
  return toMessageViews(db(), rows.map((row) => row.message));
}

/** Messages the actor saved in a workspace, in channels they can still read. */
export async function listSaved(actorId: string, workspaceId: string) {
  await requireWorkspaceRole(db(), workspaceId, actorId);
  const rows = await db()
    .select({ message: messages })
    .from(savedMessages)
    .innerJoin(messages, eq(messages.id, savedMessages.messageId))
    .innerJoin(channels, eq(channels.id, messages.channelId))
    .where(and(eq(savedMessages.userId, actorId), eq(channels.workspaceId, workspaceId), readableBy(actorId)))
    .orderBy(desc(savedMessages.savedAt))
    .limit(LIST_LIMIT);
  return toMessageViews(db(), rows.map((row) => row.message));
}

/** Threads the actor follows in a workspace, most recently active first, with how many replies are unread. */
export async function listFollowedThreads(actorId: string, workspaceId: string) {
  await requireWorkspaceRole(db(), workspaceId, actorId);
  const rows = await db()
    .select({ message: messages, lastReadReplyCount: threadFollowers.lastReadReplyCount })
    .from(threadFollowers)
    .innerJoin(messages, eq(messages.id, threadFollowers.rootId))
    .innerJoin(channels, eq(channels.id, messages.channelId))
    .where(and(eq(threadFollowers.userId, actorId), eq(channels.workspaceId, workspaceId), readableBy(actorId)))
    .orderBy(desc(messages.lastReplyAt))
    .limit(LIST_LIMIT);
  const views = await toMessageViews(db(), rows.map((row) => row.message));
  return views.map((root, index) => ({ root, unreadReplies: Math.max(0, root.replyCount - rows[index]!.lastReadReplyCount) }));
}

/** Channels the actor belongs to (saved items and threads in channels they left disappear with the channel). */
function readableBy(actorId: string) {
  return sql`exists (select 1 from ${channelMembers} where ${channelMembers.channelId} = ${channels.id} and ${channelMembers.userId} = ${actorId})`;
}
