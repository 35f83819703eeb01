import { requireAgentConversation } from "../../access/support";
import { defineAction } from "../context";
import { emitConversation } from "./conversation-events";
import { reopen } from "./reopen";

export const reopenConversation = defineAction({ actors: ["user"] }, async (ctx, input: { conversationId: string }) => {
  const { conversation } = await requireAgentConversation(ctx.tx, input.conversationId, ctx.actor.userId);
  if (conversation.status === "open") return emitConversation(ctx, conversation.id);
  await reopen(ctx, conversation, ctx.actor.userId);
  return emitConversation(ctx, conversation.id);
});
