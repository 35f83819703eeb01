import { eq } from "drizzle-orm";
import { notFound } from "../../access/errors";
import { supportConversations, supportVisitors } from "../../db/schema";
import { defineAction } from "../context";
import { emitConversation } from "./conversation-events";
import { writeVisitorMessage } from "./visitor-message";

/**
 * A visitor answered one of our emails: the reply address's token names the conversation (it was only ever sent
 * to them), and the text, without the quoted email, continues it as the visitor's message. The Message-ID is the
 * nonce, so a mail server delivering twice posts once.
 */
export const receiveEmailReply = defineAction({ actors: ["system"], onUniqueViolation: "retry" }, async (ctx, input: { replyToken: string; text: string; messageId: string }) => {
  const [row] = await ctx.tx
    .select({ conversation: supportConversations, visitorUserId: supportVisitors.userId })
    .from(supportConversations)
    .innerJoin(supportVisitors, eq(supportVisitors.id, supportConversations.visitorId))
    .where(eq(supportConversations.replyToken, input.replyToken))
    .for("update", { of: supportConversations });
  if (!row) throw notFound("No conversation answers to that address");
  const message = await writeVisitorMessage(ctx, row.conversation, row.visitorUserId, { body: input.text, clientNonce: input.messageId });
  await emitConversation(ctx, row.conversation.id);
  return { conversationId: row.conversation.id, messageId: message.id };
});
