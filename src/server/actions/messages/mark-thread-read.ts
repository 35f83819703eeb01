import { topics } from "@/shared/events";
import { and, eq } from "drizzle-orm";
import { readableMessage } from "../../access/messages";
import { threadFollowers } from "../../db/schema";
import { defineAction } from "../context";

/** Viewing a thread marks its replies read for a follower. */
export const markThreadRead = defineAction({ actors: ["user"] }, async ({ tx, actor, emit }, input: { rootId: string }) => {
  const { message, channel } = await readableMessage(tx, input.rootId, actor.userId);
  const followed = await tx
    .update(threadFollowers)
    .set({ lastReadReplyCount: message.replyCount })
    .where(and(eq(threadFollowers.rootId, input.rootId), eq(threadFollowers.userId, actor.userId)))
    .returning({ rootId: threadFollowers.rootId });
  const lastReadReplyCount = message.replyCount;
  if (followed.length > 0) {
    emit(topics.user(actor.userId), { type: "thread.read", workspaceId: channel.workspaceId, rootId: input.rootId, lastReadReplyCount });
  }
  return { lastReadReplyCount };
});
