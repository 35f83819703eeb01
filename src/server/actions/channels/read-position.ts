import { and, eq, sql } from "drizzle-orm";
import { topics } from "@/shared/events";
import { requireChannelMember } from "../../access/channels";
import { receiptsApply } from "../../access/receipts";
import { channelMembers } from "../../db/schema";
import type { ActionContext, ActorOf } from "../context";

/**
 * Moves the reader's position. Marking read only moves forward (a slow tab cannot undo a fast one); marking unread
 * ("mark unread from here") puts it just before the chosen message.
 */
export async function setReadPosition(ctx: ActionContext<ActorOf<"user">>, channelId: string, seq: number, mode: "forward" | "exact") {
  const { tx, emit, actor } = ctx;
  const { channel } = await requireChannelMember(tx, channelId, actor.userId);
  const target = Math.max(0, Math.min(seq, channel.lastSeq));
  const [row] = await tx
    .update(channelMembers)
    .set({ lastReadSeq: mode === "forward" ? sql`greatest(${channelMembers.lastReadSeq}, ${target})` : target })
    .where(and(eq(channelMembers.channelId, channelId), eq(channelMembers.userId, actor.userId)))
    .returning({ lastReadSeq: channelMembers.lastReadSeq });
  emit(topics.user(actor.userId), { type: "channel.read", channelId, lastReadSeq: row!.lastReadSeq });
  if (mode === "forward" && (await receiptsApply(tx, channel, actor.userId))) {
    emit(topics.channel(channelId), { type: "channel.receipt", channelId, userId: actor.userId, lastReadSeq: row!.lastReadSeq });
  }
  return { lastReadSeq: row!.lastReadSeq };
}
