import { and, asc, desc, eq, gt, lt, lte, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { historyInput } from "@/shared/messages";
import { channelMembershipOf, requireReadableChannel } from "../access/channels";
import { notFound } from "../access/errors";
import { requireWorkspaceRole } from "../access/workspaces";
import { db } from "../db/client";
import { channels, messages, pins, savedMessages, threadFollowers } from "../db/schema";
import { preparedQuery } from "../db/prepared";
import { type MessageRow, messageColumns, messageRow, toMessageViews } from "./message-views";

const inChannelList = eq(messages.inChannelList, true);

/**
 * A page of a channel's main list, by keyset on seq: the newest page, the page before `beforeSeq` (scrolling up),
 * what came after `afterSeq` (catching up, or scrolling down from an older window), or a window around one message
 * (a permalink). Always in ascending seq order; `hasMore` says whether older messages exist, `hasNewer` newer ones.
 */
export async function listHistory(actorId: string, input: z.output<typeof historyInput>) {
  const access = requireReadableChannel(db(), input.channelId, actorId);
  // The plain page (scrolling, opening a channel) is read while access is checked, a round trip saved; nothing is
  // returned unless the check passes. The rarer kinds check first.
  const lastSeq = access.then(({ channel }) => channel.lastSeq);
  lastSeq.catch(() => undefined);
  if (input.aroundMessageId !== undefined || input.afterSeq !== undefined) await access;
  const inChannel = and(eq(messages.channelId, input.channelId), inChannelList);
  if (input.aroundMessageId !== undefined) {
    const [target] = await db()
      .select({ seq: messages.seq })
      .from(messages)
      .where(and(eq(messages.id, input.aroundMessageId), inChannel));
    if (!target) throw notFound("That message does not exist or you cannot see it");
    const half = Math.ceil(input.limit / 2);
    const [older, newer] = await Promise.all([
      pageOf(and(inChannel, lte(messages.seq, target.seq)), "older", half),
      pageOf(and(inChannel, gt(messages.seq, target.seq)), "newer", input.limit - half),
    ]);
    return { messages: [...older.messages, ...newer.messages], hasMore: older.more, hasNewer: newer.more, lastSeq: await lastSeq };
  }
  if (input.afterSeq !== undefined) {
    const [earlier, page] = await Promise.all([
      pageOf(and(inChannel, lte(messages.seq, input.afterSeq)), "older", 0),
      pageOf(and(inChannel, gt(messages.seq, input.afterSeq)), "newer", input.limit),
    ]);
    return { messages: page.messages, hasMore: earlier.more, hasNewer: page.more, lastSeq: await lastSeq };
  }
  const rows = await olderPageQuery(db()).execute({ channelId: input.channelId, beforeSeq: input.beforeSeq ?? Number.MAX_SAFE_INTEGER, limit: input.limit + 1 });
  const page = await pageFrom(rows, "older", input.limit);
  return { messages: page.messages, hasMore: page.more, hasNewer: false, lastSeq: await lastSeq };
}

// Opening a channel and scrolling up: the page every channel view reads.
const olderPageQuery = preparedQuery((db) =>
  db
    .select(messageColumns)
    .from(messages)
    .where(and(eq(messages.channelId, sql.placeholder("channelId")), inChannelList, lt(messages.seq, sql.placeholder("beforeSeq"))))
    .orderBy(desc(messages.seq))
    .limit(sql.placeholder("limit"))
    .prepare("older_page"),
);

type Direction = "older" | "newer";

/** Up to `limit` messages nearest the keyset boundary, ascending; one extra row tells whether there is more. */
async function pageOf(where: SQL | undefined, direction: Direction, limit: number) {
  const rows = await db()
    .select(messageColumns)
    .from(messages)
    .where(where)
    .orderBy(direction === "older" ? desc(messages.seq) : asc(messages.seq))
    .limit(limit + 1);
  return pageFrom(rows, direction, limit);
}

/** The page in `rows` (read nearest the boundary, up to one more than `limit`), ascending, with only its rows decorated. */
async function pageFrom(rows: MessageRow[], direction: Direction, limit: number) {
  const page = await toMessageViews(db(), rows.slice(0, limit));
  return { messages: direction === "older" ? page.reverse() : page, more: rows.length > limit };
}

export const THREAD_REPLY_LIMIT = 1000;

/** A thread: its first message and its replies in order. */
export async function getThread(actorId: string, rootId: string) {
  // The root and its replies are read together, then access is checked while their reactions and files are; nothing
  // is returned unless the check passes.
  const [root, replies] = await Promise.all([messageRow(db(), rootId), threadRepliesQuery(db()).execute({ rootId, limit: THREAD_REPLY_LIMIT })]);
  if (!root || root.threadRootId) throw notFound("That thread does not exist or you cannot see it");
  const [, [rootView, ...replyViews]] = await Promise.all([
    requireReadableChannel(db(), root.channelId, actorId).catch(() => {
      throw notFound("That thread does not exist or you cannot see it");
    }),
    toMessageViews(db(), [root, ...replies]),
  ]);
  return { root: rootView!, replies: replyViews };
}

const threadRepliesQuery = preparedQuery((db) =>
  db
    .select(messageColumns)
    .from(messages)
    .where(eq(messages.threadRootId, sql.placeholder("rootId")))
    .orderBy(asc(messages.seq))
    .limit(sql.placeholder("limit"))
    .prepare("thread_replies"),
);

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
    .where(and(eq(savedMessages.userId, actorId), eq(channels.workspaceId, workspaceId), channelMembershipOf(actorId)))
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
    .where(and(eq(threadFollowers.userId, actorId), eq(channels.workspaceId, workspaceId), channelMembershipOf(actorId)))
    .orderBy(desc(messages.lastReplyAt))
    .limit(LIST_LIMIT);
  const views = await toMessageViews(db(), rows.map((row) => row.message));
  return views.map((root, index) => ({ root, unreadReplies: Math.max(0, root.replyCount - rows[index]!.lastReadReplyCount) }));
}

