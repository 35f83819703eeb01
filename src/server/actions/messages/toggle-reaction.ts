import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { reactionInput } from "@/shared/messages";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest } from "../../access/errors";
import { readableMessage } from "../../access/messages";
import { reactions } from "../../db/schema";
import { defineAction } from "../context";
import { emitChanged } from "./message-changed";

/** Adds the actor's reaction, or takes it back if it is already there. */
export const toggleReaction = defineAction({ actors: ["user", "bot"] }, async (ctx, input: z.output<typeof reactionInput>) => {
  const { tx, actor } = ctx;
  const { messageId, emoji } = input;
  const { message, channel } = await readableMessage(tx, messageId, actor.userId);
  await requireChannelMember(tx, message.channelId, actor.userId);
  requireNotArchived(channel);
  if (message.deletedAt) throw badRequest("That message was deleted");
  const removed = await tx
    .delete(reactions)
    .where(and(eq(reactions.messageId, messageId), eq(reactions.userId, actor.userId), eq(reactions.emoji, emoji)))
    .returning();
  if (removed.length === 0) {
    const distinct = await tx.selectDistinct({ emoji: reactions.emoji }).from(reactions).where(eq(reactions.messageId, messageId));
    if (distinct.length >= 50 && !distinct.some((row) => row.emoji === emoji)) throw badRequest("A message can have at most 50 different reactions");
    await tx.insert(reactions).values({ messageId, userId: actor.userId, emoji });
  }
  return emitChanged(ctx, messageId);
});
