import { and, eq, sql } from "drizzle-orm";
import { topics } from "@/shared/events";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { requireChannelMember, requireNotArchived, requireReadableChannel } from "../../access/channels";
import { badRequest, forbidden, notFound } from "../../access/errors";
import type { Tx } from "../../db/client";
import { mentions, messages, pins, reactions } from "../../db/schema";
import { type Emit, inTransaction } from "../../events";
import { messageView } from "../../queries/message-views";

export const MESSAGE_NOT_FOUND = "That message does not exist or you cannot see it";

/** The message, locked for this transaction, if the actor can read its channel; NOT_FOUND otherwise. */
export async function readableMessage(tx: Tx, messageId: string, actorId: string) {
  const [message] = await tx.select().from(messages).where(eq(messages.id, messageId)).for("update");
  if (!message) throw notFound(MESSAGE_NOT_FOUND);
  const access = await requireReadableChannel(tx, message.channelId, actorId).catch(() => {
    throw notFound(MESSAGE_NOT_FOUND);
  });
  return { message, ...access };
}

async function emitChanged(tx: Tx, emit: Emit, messageId: string) {
  await tx.update(messages).set({ version: sql`${messages.version} + 1` }).where(eq(messages.id, messageId));
  const view = (await messageView(tx, messageId))!;
  emit(topics.channel(view.channelId), { type: "message.updated", message: view });
  return view;
}

export async function editMessage(actorId: string, messageId: string, body: string) {
  return inTransaction(async (tx, emit) => {
    const { message, channel } = await readableMessage(tx, messageId, actorId);
    if (message.authorId !== actorId || message.kind !== "user") throw forbidden("You can only edit your own messages");
    if (message.deletedAt) throw badRequest("That message was deleted");
    requireNotArchived(channel);
    if (message.body === body) return (await messageView(tx, messageId))!;
    await tx.update(messages).set({ body, editedAt: new Date() }).where(eq(messages.id, messageId));
    return emitChanged(tx, emit, messageId);
  });
}

/**
 * Deleting keeps the row as a "message deleted" placeholder so a thread's replies stay reachable; its text,
 * reactions, mentions and pin go.
 */
export async function deleteMessage(actorId: string, messageId: string) {
  return inTransaction(async (tx, emit) => {
    const { message, channel, role } = await readableMessage(tx, messageId, actorId);
    if (message.authorId !== actorId && !isWorkspaceAdmin(role)) throw forbidden("You can only delete your own messages");
    if (message.deletedAt) return (await messageView(tx, messageId))!;
    requireNotArchived(channel);
    await tx.update(messages).set({ deletedAt: new Date(), body: "" }).where(eq(messages.id, messageId));
    await tx.delete(reactions).where(eq(reactions.messageId, messageId));
    await tx.delete(mentions).where(eq(mentions.messageId, messageId));
    await tx.delete(pins).where(eq(pins.messageId, messageId));
    if (message.threadRootId) {
      await tx
        .update(messages)
        .set({ replyCount: sql`greatest(${messages.replyCount} - 1, 0)`, version: sql`${messages.version} + 1` })
        .where(eq(messages.id, message.threadRootId));
      const root = (await messageView(tx, message.threadRootId))!;
      emit(topics.channel(root.channelId), { type: "message.updated", message: root });
    }
    return emitChanged(tx, emit, messageId);
  });
}

/** Adds the actor's reaction, or takes it back if it is already there. */
export async function toggleReaction(actorId: string, messageId: string, emoji: string) {
  return inTransaction(async (tx, emit) => {
    const { message, channel } = await readableMessage(tx, messageId, actorId);
    await requireChannelMember(tx, message.channelId, actorId);
    requireNotArchived(channel);
    if (message.deletedAt) throw badRequest("That message was deleted");
    const removed = await tx
      .delete(reactions)
      .where(and(eq(reactions.messageId, messageId), eq(reactions.userId, actorId), eq(reactions.emoji, emoji)))
      .returning();
    if (removed.length === 0) {
      const distinct = await tx.selectDistinct({ emoji: reactions.emoji }).from(reactions).where(eq(reactions.messageId, messageId));
      if (distinct.length >= 50 && !distinct.some((row) => row.emoji === emoji)) throw badRequest("A message can have at most 50 different reactions");
      await tx.insert(reactions).values({ messageId, userId: actorId, emoji });
    }
    return emitChanged(tx, emit, messageId);
  });
}
