import { and, asc, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { z } from "zod";
import type { historyInput } from "@/shared/messages";
import { requireReadableChannel } from "../access/channels";
import { notFound } from "../access/errors";
import { db } from "../db/client";
import { messages } from "../db/schema";
import { messageView, messageViewsWhere } from "./message-views";

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
