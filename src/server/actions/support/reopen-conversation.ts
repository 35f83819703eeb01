import { requireAgentConversation } from "../../access/support";
import { defineAction } from "../context";
import { postSystemMessage } from "../messages/system-message";
import { emitConversation, nameOf } from "./conversation-events";
import { reopen } from "./reopen";

export const reopenConversation = defineAction({ actors: ["user"] }, async (ctx, input: { conversationId: string }) => {
  const { conversation } = await requireAgentConversation(ctx.tx, input.conversationId, ctx.actor.userId);
  if (conversation.status === "open") return emitConversation(ctx, conversation.id);
  await reopen(ctx, conversation);
  await postSystemMessage(ctx, conversation.id, `${await nameOf(ctx.tx, ctx.actor.userId)} reopened the conversation`);
  return emitConversation(ctx, conversation.id);
});
