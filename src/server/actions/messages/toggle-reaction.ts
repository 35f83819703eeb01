import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { reactionInput } from "@/shared/messages";
import { nameForEmoji } from "@/shared/slack/emoji";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest, conflict, notFound } from "../../access/errors";
import { readableMessage } from "../../access/messages";
import { reactions } from "../../db/schema";
import { conversationKindLetter, toSlackId, toSlackTs } from "../../slack/ids";
import { enqueueAppEvents } from "../apps/app-events";
import { defineAction } from "../context";
import { emitChanged } from "./message-changed";

export const ALREADY_REACTED = "You already reacted with that";
export const NO_SUCH_REACTION = "You have not reacted with that";

/**
 * Adds the actor's reaction, or takes it back if it is already there; `on` asks for one of the two (Slack's
 * reactions.add and .remove), refusing the other. Apps in the channel hear of it.
 */
export const toggleReaction = defineAction({ actors: ["user", "bot"] }, async (ctx, input: z.output<typeof reactionInput> & { on?: boolean }) => {
  const { tx, actor } = ctx;
  const { messageId, emoji } = input;
  const { message, channel } = await readableMessage(tx, messageId, actor.userId);
  await requireChannelMember(tx, message.channelId, actor.userId);
  requireNotArchived(channel);
  if (message.deletedAt) throw badRequest("That message was deleted");
  const mine = and(eq(reactions.messageId, messageId), eq(reactions.userId, actor.userId), eq(reactions.emoji, emoji));
  const [existing] = await tx.select({ emoji: reactions.emoji }).from(reactions).where(mine);
  if (existing && input.on === true) throw conflict(ALREADY_REACTED);
  if (!existing && input.on === false) throw notFound(NO_SUCH_REACTION);
  if (existing) {
    await tx.delete(reactions).where(mine);
  } else {
    const distinct = await tx.selectDistinct({ emoji: reactions.emoji }).from(reactions).where(eq(reactions.messageId, messageId));
    if (distinct.length >= 50 && !distinct.some((row) => row.emoji === emoji)) throw badRequest("A message can have at most 50 different reactions");
    await tx.insert(reactions).values({ messageId, userId: actor.userId, emoji });
  }
  const type = existing ? "reaction_removed" : "reaction_added";
  const event = {
    type,
    user: toSlackId("U", actor.userId),
    reaction: nameForEmoji(emoji),
    item: { type: "message", channel: toSlackId(conversationKindLetter(channel.kind), channel.id), ts: toSlackTs(message) },
    ...(message.authorId && { item_user: toSlackId("U", message.authorId) }),
  };
  await enqueueAppEvents(ctx, { workspaceId: channel.workspaceId, channelId: channel.id }, [
    { key: `${type}:${messageId}:${actor.userId}:${emoji}:${ctx.services.clock.now().getTime()}`, make: (app) => (app.inChannel && app.botUserId !== actor.userId ? { subscription: type, event } : null) },
  ]);
  return emitChanged(ctx, messageId);
});
