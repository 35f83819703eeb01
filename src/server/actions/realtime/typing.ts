import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { typingInput } from "@/shared/messages";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { notFound } from "../../access/errors";
import { db } from "../../db/client";
import { messages } from "../../db/schema";
import { bus } from "../../events";

/** Tells the channel someone is writing. Nothing is stored: typing is a best-effort signal, not a message. */
export async function startTyping(actorId: string, input: z.output<typeof typingInput>) {
  const { channel } = await requireChannelMember(db(), input.channelId, actorId);
  requireNotArchived(channel);
  if (input.threadRootId) {
    const [root] = await db()
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, input.threadRootId), eq(messages.channelId, input.channelId)));
    if (!root) throw notFound("That thread does not exist or you cannot see it");
  }
  await bus().publish(topics.channel(input.channelId), { type: "typing", channelId: input.channelId, threadRootId: input.threadRootId ?? null, userId: actorId });
}
