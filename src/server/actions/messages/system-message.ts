import { eq, sql } from "drizzle-orm";
import { NO_MENTIONS, topics } from "@/shared/events";
import { channels, messages } from "../../db/schema";
import type { ActionContext } from "../context";
import { messageView } from "../../queries/message-views";

/** A small muted line in a channel (a call's summary, a missed call), with the channel's next seq like any message. */
export async function postSystemMessage({ tx, emit }: ActionContext, channelId: string, body: string, authorId: string | null = null) {
  const [{ seq } = { seq: 0 }] = await tx
    .update(channels)
    .set({ lastSeq: sql`${channels.lastSeq} + 1` })
    .where(eq(channels.id, channelId))
    .returning({ seq: channels.lastSeq });
  const [message] = await tx.insert(messages).values({ channelId, seq, authorId, kind: "system", body }).returning({ id: messages.id });
  emit(topics.channel(channelId), { type: "message.created", message: (await messageView(tx, message!.id))!, mentions: NO_MENTIONS });
}
