import { topics } from "@/shared/events";
import { requireVisitorConversation } from "../../access/support";
import { defineAction } from "../context";

/** The visitor is writing: the team sees it as they see each other typing. Nothing is stored. */
export const visitorTyping = defineAction({ actors: ["visitor"], transaction: false }, async ({ tx, actor, emit }, input: { conversationId: string }) => {
  const conversation = await requireVisitorConversation(tx, input.conversationId, actor.visitorId);
  if (conversation.status !== "open") return;
  emit(topics.channel(conversation.id), { type: "typing", channelId: conversation.id, threadRootId: null, userId: actor.userId });
});
