import { and, eq, sql } from "drizzle-orm";
import { topics } from "@/shared/events";
import { requireChannelMember } from "../../access/channels";
import { receiptsApply } from "../../access/receipts";
import { channelMembers } from "../../db/schema";
import { inTransaction } from "../../events";

/**
 * Moves the reader's position. `markRead` only moves forward (a slow tab cannot undo a fast one); `markUnread`
 * ("mark unread from here") puts it just before the chosen message.
 */
async function setReadPosition(actorId: string, channelId: string, seq: number, mode: "forward" | "exact") {
  return inTransaction(async (tx, emit) => {
    const { channel } = await requireChannelMember(tx, channelId, actorId);
    const target = Math.max(0, Math.min(seq, channel.lastSeq));
    const [row] = await tx
      .update(channelMembers)
      .set({ lastReadSeq: mode === "forward" ? sql`greatest(${channelMembers.lastReadSeq}, ${target})` : target })
      .where(and(eq(channelMembers.channelId, channelId), eq(channelMembers.userId, actorId)))
      .returning({ lastReadSeq: channelMembers.lastReadSeq });
    emit(topics.user(actorId), { type: "channel.read", channelId, lastReadSeq: row!.lastReadSeq });
    if (mode === "forward" && (await receiptsApply(tx, channel, actorId))) {
      emit(topics.channel(channelId), { type: "channel.receipt", channelId, userId: actorId, lastReadSeq: row!.lastReadSeq });
    }
    return { lastReadSeq: row!.lastReadSeq };
  });
}

export const markRead = (actorId: string, channelId: string, seq: number) => setReadPosition(actorId, channelId, seq, "forward");
export const markUnread = (actorId: string, channelId: string, seq: number) => setReadPosition(actorId, channelId, seq - 1, "exact");
