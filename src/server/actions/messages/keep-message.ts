import { and, eq, sql } from "drizzle-orm";
import { topics } from "@/shared/events";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest } from "../../access/errors";
import { messages, pins, savedMessages, threadFollowers } from "../../db/schema";
import { inTransaction } from "../../events";
import { messageView } from "../../queries/message-views";
import { readableMessage } from "./readable-message";

/** Pins are shared by the channel: everyone sees the pin appear and go, live. */
export async function setPinned(actorId: string, messageId: string, pinned: boolean) {
  return inTransaction(async (tx, emit) => {
    const { message, channel } = await readableMessage(tx, messageId, actorId);
    await requireChannelMember(tx, message.channelId, actorId);
    requireNotArchived(channel);
    if (message.deletedAt) throw badRequest("That message was deleted");
    if (pinned) await tx.insert(pins).values({ channelId: message.channelId, messageId, pinnedBy: actorId }).onConflictDoNothing();
    else await tx.delete(pins).where(and(eq(pins.channelId, message.channelId), eq(pins.messageId, messageId)));
    await tx.update(messages).set({ version: sql`${messages.version} + 1` }).where(eq(messages.id, messageId));
    const view = (await messageView(tx, messageId))!;
    emit(topics.channel(view.channelId), { type: "message.updated", message: view });
    return view;
  });
}

/** "Save for later" is private to the person who saved. */
export async function setSaved(actorId: string, messageId: string, saved: boolean) {
  return inTransaction(async (tx) => {
    await readableMessage(tx, messageId, actorId);
    if (saved) await tx.insert(savedMessages).values({ userId: actorId, messageId }).onConflictDoNothing();
    else await tx.delete(savedMessages).where(and(eq(savedMessages.userId, actorId), eq(savedMessages.messageId, messageId)));
    return { saved };
  });
}

/** Viewing a thread marks its replies read for a follower. */
export async function markThreadRead(actorId: string, rootId: string) {
  return inTransaction(async (tx) => {
    const { message } = await readableMessage(tx, rootId, actorId);
    await tx
      .update(threadFollowers)
      .set({ lastReadReplyCount: message.replyCount })
      .where(and(eq(threadFollowers.rootId, rootId), eq(threadFollowers.userId, actorId)));
    return { lastReadReplyCount: message.replyCount };
  });
}
