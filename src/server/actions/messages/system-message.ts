import { eq, sql } from "drizzle-orm";
import { NO_MENTIONS, topics } from "@/shared/events";
import { channels, messages } from "../../db/schema";
import type { ActionContext } from "../context";
import { messageView } from "../../queries/message-views";

/**
 * The channel's next seq, for a message written outside the send statement: the row lock it takes serializes writers,
 * so seqs stay gap-free among committed messages.
 */
export async function takeSeq(tx: ActionContext["tx"], channelId: string): Promise<number> {
  const [{ seq } = { seq: 0 }] = await tx
    .update(channels)
    .set({ lastSeq: sql`${channels.lastSeq} + 1` })
    .where(eq(channels.id, channelId))
    .returning({ seq: channels.lastSeq });
  return seq;
}

/** A small muted line in a channel (a call's summary, a missed call), with the channel's next seq like any message. */
export async function postSystemMessage({ tx, emit }: ActionContext, channelId: string, body: string, authorId: string | null = null) {
  const seq = await takeSeq(tx, channelId);
  const [message] = await tx.insert(messages).values({ channelId, seq, authorId, kind: "system", body }).returning({ id: messages.id });
  emit(topics.channel(channelId), { type: "message.created", message: (await messageView(tx, message!.id))!, mentions: NO_MENTIONS });
}
