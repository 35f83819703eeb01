import { eq, sql } from "drizzle-orm";
import { topics } from "@/shared/events";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { requireNotArchived } from "../../access/channels";
import { forbidden } from "../../access/errors";
import { readableMessage } from "../../access/messages";
import { files, mentions, messages, pins, reactions } from "../../db/schema";
import { removeStoredFiles, storedColumns, storedKeys } from "../../files/storage";
import { messageView } from "../../queries/message-views";
import { defineAction } from "../context";
import { emitChanged } from "./message-changed";

/**
 * Deleting keeps the row as a "message deleted" placeholder so a thread's replies stay reachable; its text,
 * reactions, mentions, pin and files go (the files' bytes once the deletion has committed).
 */
export const deleteMessage = defineAction({ actors: ["user", "bot"] }, async (ctx, input: { messageId: string }) => {
  const { tx, emit, actor, services } = ctx;
  const { messageId } = input;
  const { message, channel, role } = await readableMessage(tx, messageId, actor.userId);
  if (message.authorId !== actor.userId && !isWorkspaceAdmin(role)) throw forbidden("You can only delete your own messages");
  if (message.deletedAt) return (await messageView(tx, messageId))!;
  requireNotArchived(channel);
  await tx.update(messages).set({ deletedAt: services.clock.now(), body: "" }).where(eq(messages.id, messageId));
  await tx.delete(reactions).where(eq(reactions.messageId, messageId));
  await tx.delete(mentions).where(eq(mentions.messageId, messageId));
  await tx.delete(pins).where(eq(pins.messageId, messageId));
  const removedKeys = storedKeys(await tx.delete(files).where(eq(files.messageId, messageId)).returning(storedColumns));
  if (removedKeys.length > 0) {
    // A failure leaves an orphan in storage, never a broken row.
    ctx.afterCommit(() => void removeStoredFiles(services.storage, removedKeys));
  }
  if (message.threadRootId) {
    await tx
      .update(messages)
      .set({ replyCount: sql`greatest(${messages.replyCount} - 1, 0)`, version: sql`${messages.version} + 1` })
      .where(eq(messages.id, message.threadRootId));
    const root = (await messageView(tx, message.threadRootId))!;
    emit(topics.channel(root.channelId), { type: "message.updated", message: root });
  }
  return emitChanged(ctx, messageId);
});
