import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import { parseMentions } from "@/shared/mentions";
import { linksIn } from "@/shared/previews";
import type { sendMessageInput } from "@/shared/messages";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest, notFound } from "../../access/errors";
import { db, type Tx } from "../../db/client";
import { channelMembers, channels, files, mentions, messages, threadFollowers } from "../../db/schema";
import { inTransaction } from "../../events";
import { presence } from "../../presence";
import { messageView, toMessageViews } from "../../queries/message-views";
import { isUniqueViolation } from "../unique-violation";
import { refreshPreviewsLater } from "./link-previews";

/** How many recent repliers a thread summary shows. */
const REPLY_AVATARS = 5;

async function findByNonce(tx: Tx | ReturnType<typeof db>, authorId: string, clientNonce: string) {
  const [row] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.authorId, authorId), eq(messages.clientNonce, clientNonce)));
  return row ? messageView(tx, row.id) : null;
}

async function activeMembers(tx: Tx, channelId: string, authorId: string): Promise<string[]> {
  const members = await tx.select({ userId: channelMembers.userId }).from(channelMembers).where(eq(channelMembers.channelId, channelId));
  const online = await presence().presenceOf(members.map((member) => member.userId).filter((userId) => userId !== authorId));
  return [...online].filter(([, state]) => state === "active").map(([userId]) => userId);
}

/** Files the sender uploaded into this channel and has not sent yet become the message's attachments. */
async function attachFiles(tx: Tx, messageId: string, input: { channelId: string; fileIds: string[] }, actorId: string) {
  const fileIds = [...new Set(input.fileIds)];
  if (fileIds.length === 0) return;
  const attached = await tx
    .update(files)
    .set({ messageId })
    .where(and(inArray(files.id, fileIds), eq(files.uploaderId, actorId), eq(files.channelId, input.channelId), isNull(files.messageId)))
    .returning({ id: files.id });
  if (attached.length !== fileIds.length) throw badRequest("A file was not uploaded to this conversation, or was already sent; upload it again");
}

export async function sendMessage(actorId: string, input: z.output<typeof sendMessageInput>) {
  const view = await insertMessage(actorId, input);
  if (linksIn(view.body).length > 0) refreshPreviewsLater(view.id);
  return view;
}

async function insertMessage(actorId: string, input: z.output<typeof sendMessageInput>) {
  try {
    return await inTransaction(async (tx, emit) => {
      const { channel } = await requireChannelMember(tx, input.channelId, actorId);
      requireNotArchived(channel);
      // A retry of a send that already landed: the original, not a duplicate.
      const previous = await findByNonce(tx, actorId, input.clientNonce);
      if (previous) return previous;

      let root: typeof messages.$inferSelect | undefined;
      if (input.threadRootId) {
        [root] = await tx.select().from(messages).where(eq(messages.id, input.threadRootId)).for("update");
        if (!root || root.channelId !== input.channelId) throw notFound("That thread does not exist");
        if (root.threadRootId) throw badRequest("Reply to the thread's first message, not to a reply");
        if (root.deletedAt && root.replyCount === 0) throw badRequest("That message was deleted");
      }

      // The row lock on the channel serializes senders, so seq has no gaps among committed messages.
      const [{ seq } = { seq: 0 }] = await tx
        .update(channels)
        .set({ lastSeq: sql`${channels.lastSeq} + 1` })
        .where(eq(channels.id, input.channelId))
        .returning({ seq: channels.lastSeq });
      const found = parseMentions(input.body);
      const [message] = await tx
        .insert(messages)
        .values({
          channelId: input.channelId,
          seq,
          authorId: actorId,
          body: input.body,
          clientNonce: input.clientNonce,
          threadRootId: root?.id ?? null,
          alsoInChannel: root ? input.alsoInChannel : false,
          mentionsChannel: found.everyone,
        })
        .returning();
      await attachFiles(tx, message!.id, input, actorId);

      const named = found.userIds.length
        ? await tx
            .select({ userId: channelMembers.userId })
            .from(channelMembers)
            .where(and(eq(channelMembers.channelId, input.channelId), inArray(channelMembers.userId, found.userIds)))
        : [];
      // @here: the members active right now, each mentioned as if by name.
      const here = found.here && !found.everyone ? await activeMembers(tx, input.channelId, actorId) : [];
      const mentioned = [...new Set([...named.map((row) => row.userId), ...here])].map((userId) => ({ userId }));
      if (mentioned.length) {
        await tx.insert(mentions).values(mentioned.map(({ userId }) => ({ messageId: message!.id, userId, channelId: input.channelId, seq })));
      }
      // One statement for both: a conversation someone had closed comes back to their sidebar with the new message,
      // and your own message never counts as unread for you.
      await tx
        .update(channelMembers)
        .set({ hidden: false, lastReadSeq: sql`case when ${channelMembers.userId} = ${actorId} then ${seq} else ${channelMembers.lastReadSeq} end` })
        .where(and(eq(channelMembers.channelId, input.channelId), or(eq(channelMembers.hidden, true), eq(channelMembers.userId, actorId))));

      if (root) {
        const repliers = [actorId, ...root.replyUserIds.filter((id) => id !== actorId)].slice(0, REPLY_AVATARS);
        await tx
          .update(messages)
          .set({ replyCount: sql`${messages.replyCount} + 1`, lastReplyAt: message!.createdAt, replyUserIds: repliers, version: sql`${messages.version} + 1` })
          .where(eq(messages.id, root.id));
        // You follow a thread you post in or are mentioned in; its author follows it from the first reply.
        const followers = [...new Set([actorId, ...mentioned.map((row) => row.userId), ...(root.authorId ? [root.authorId] : [])])];
        await tx.insert(threadFollowers).values(followers.map((userId) => ({ rootId: root.id, userId }))).onConflictDoNothing();
        await tx
          .update(threadFollowers)
          .set({ lastReadReplyCount: root.replyCount + 1 })
          .where(and(eq(threadFollowers.rootId, root.id), eq(threadFollowers.userId, actorId)));
      }

      const [view] = await toMessageViews(tx, [message!]);
      emit(topics.channel(input.channelId), { type: "message.created", message: view! });
      if (root) emit(topics.channel(input.channelId), { type: "message.updated", message: (await messageView(tx, root.id))! });
      return view!;
    });
  } catch (error) {
    // The same nonce racing itself (a double-click, a retry over a slow link): whoever lost gets the winner's row.
    if (isUniqueViolation(error)) {
      const original = await findByNonce(db(), actorId, input.clientNonce);
      if (original) return original;
    }
    throw error;
  }
}
