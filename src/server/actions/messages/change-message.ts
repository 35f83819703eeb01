import { and, eq, sql } from "drizzle-orm";
import { topics } from "@/shared/events";
import { linksIn } from "@/shared/previews";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { requireChannelMember, requireNotArchived, requireReadableChannel } from "../../access/channels";
import { badRequest, forbidden, notFound } from "../../access/errors";
import type { Tx } from "../../db/client";
import { files, mentions, messages, pins, reactions } from "../../db/schema";
import { type Emit, inTransaction } from "../../events";
import { removeStoredFiles, storedColumns, storedKeys } from "../../files/storage";
import { refreshPreviewsLater } from "./link-previews";
import { messageView } from "../../queries/message-views";
import { emitChanged, readableMessage } from "./readable-message";

export async function editMessage(actorId: string, messageId: string, body: string) {
  const view = await inTransaction(async (tx, emit) => {
    const { message, channel } = await readableMessage(tx, messageId, actorId);
    if (message.authorId !== actorId || message.kind !== "user") throw forbidden("You can only edit your own messages");
    if (message.deletedAt) throw badRequest("That message was deleted");
    requireNotArchived(channel);
    if (message.body === body) return (await messageView(tx, messageId))!;
    await tx.update(messages).set({ body, editedAt: new Date() }).where(eq(messages.id, messageId));
    return emitChanged(tx, emit, messageId);
  });
  // New links get previews; links edited away take theirs along.
  if (linksIn(view.body).length > 0 || view.previews.length > 0) refreshPreviewsLater(messageId);
  return view;
}

/**
 * Deleting keeps the row as a "message deleted" placeholder so a thread's replies stay reachable; its text,
 * reactions, mentions, pin and files go (the files' bytes once the deletion has committed).
 */
export async function deleteMessage(actorId: string, messageId: string) {
  let removedKeys: string[] = [];
  const view = await inTransaction(async (tx, emit) => {
    const { message, channel, role } = await readableMessage(tx, messageId, actorId);
    if (message.authorId !== actorId && !isWorkspaceAdmin(role)) throw forbidden("You can only delete your own messages");
    if (message.deletedAt) return (await messageView(tx, messageId))!;
    requireNotArchived(channel);
    await tx.update(messages).set({ deletedAt: new Date(), body: "" }).where(eq(messages.id, messageId));
    await tx.delete(reactions).where(eq(reactions.messageId, messageId));
    await tx.delete(mentions).where(eq(mentions.messageId, messageId));
    await tx.delete(pins).where(eq(pins.messageId, messageId));
    removedKeys = storedKeys(await tx.delete(files).where(eq(files.messageId, messageId)).returning(storedColumns));
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
  await removeStoredFiles(removedKeys);
  return view;
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
