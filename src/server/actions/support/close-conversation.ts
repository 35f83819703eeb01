import { eq } from "drizzle-orm";
import { requireAgentConversation } from "../../access/support";
import { supportConversations } from "../../db/schema";
import { defineAction } from "../context";
import { postSystemMessage } from "../messages/system-message";
import { emitConversation, nameOf, unseatTeam } from "./conversation-events";

/** Done: off the open lists, out of the team's streams; the visitor is asked for a rating and may ask for a transcript. */
export const closeConversation = defineAction({ actors: ["user"] }, async (ctx, input: { conversationId: string }) => {
  const { tx, actor, services } = ctx;
  const { conversation } = await requireAgentConversation(tx, input.conversationId, actor.userId);
  if (conversation.status === "closed") return emitConversation(ctx, conversation.id);
  await postSystemMessage(ctx, conversation.id, `${await nameOf(tx, actor.userId)} closed the conversation`);
  await tx.update(supportConversations).set({ status: "closed", closedAt: services.clock.now(), closedBy: actor.userId }).where(eq(supportConversations.id, conversation.id));
  const summary = await emitConversation(ctx, conversation.id);
  await unseatTeam(ctx, conversation.id);
  return summary;
});
