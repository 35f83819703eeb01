import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { typingInput } from "@/shared/messages";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { notFound } from "../../access/errors";
import { messages } from "../../db/schema";
import { defineAction } from "../context";

/** Tells the channel someone is writing. Nothing is stored: typing is a best-effort signal, not a message. */
export const startTyping = defineAction({ actors: ["user"], transaction: false }, async ({ tx, emit, actor }, input: z.output<typeof typingInput>) => {
  const { channel } = await requireChannelMember(tx, input.channelId, actor.userId);
  requireNotArchived(channel);
  if (input.threadRootId) {
    const [root] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, input.threadRootId), eq(messages.channelId, input.channelId)));
    if (!root) throw notFound("That thread does not exist or you cannot see it");
  }
  emit(topics.channel(input.channelId), { type: "typing", channelId: input.channelId, threadRootId: input.threadRootId ?? null, userId: actor.userId, ...(input.internal && { internal: true as const }) });
});
