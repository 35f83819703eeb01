import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { replyInput } from "@/shared/support";
import { badRequest } from "../../access/errors";
import { requireAgentConversation } from "../../access/support";
import { supportConversations } from "../../db/schema";
import { enqueueJobs } from "../../jobs/queue";
import { env } from "@/env";
import { defineAction, runWithin } from "../context";
import { sendMessage } from "../messages/send-message";
import { emitConversation, setConversationNotifications } from "./conversation-events";
import { reopen } from "./reopen";
import { visitorEmailJob } from "./email-visitor";

/**
 * An agent answers the visitor (or writes a note only the team sees). An answer reopens a closed conversation,
 * claims an unassigned one for whoever answered, counts as the first response if it is one, and is emailed to a
 * visitor who is not there to read it.
 */
export const replyToVisitor = defineAction({ actors: ["user"], onUniqueViolation: "retry" }, async (ctx, input: z.output<typeof replyInput>) => {
  const { tx, actor, services } = ctx;
  const { conversation } = await requireAgentConversation(tx, input.conversationId, actor.userId);
  if (conversation.status === "closed") {
    if (input.internal) throw badRequest("Reopen the conversation to add a note");
    await reopen(ctx, conversation, actor.userId);
  }
  const message = await runWithin(ctx, sendMessage, { channelId: conversation.id, body: input.body, fileIds: input.fileIds, clientNonce: input.clientNonce, alsoInChannel: false, internal: input.internal });
  if (!input.internal && message.authorId === actor.userId && message.internal === false) {
    const now = services.clock.now();
    const claimed = conversation.assigneeId === null;
    await tx
      .update(supportConversations)
      .set({
        lastActivityAt: now,
        ...(claimed && { assigneeId: actor.userId }),
        ...(!conversation.firstResponseAt && { firstResponseAt: message.createdAt, firstResponderId: actor.userId }),
      })
      .where(eq(supportConversations.id, conversation.id));
    if (claimed) await setConversationNotifications(ctx, conversation.id, actor.userId);
    await enqueueJobs(tx, [visitorEmailJob(conversation.id, new Date(now.getTime() + env().SUPPORT_EMAIL_DELAY_MS))]);
    ctx.afterCommit(() => services.pokeJobs());
  }
  await emitConversation(ctx, conversation.id);
  return message;
});
