import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { assignInput } from "@/shared/support";
import { badRequest } from "../../access/errors";
import { isAgentOf, requireAgentConversation } from "../../access/support";
import { supportAgents, supportConversations } from "../../db/schema";
import { defineAction } from "../context";
import { postSystemMessage } from "../messages/system-message";
import { emitConversation, nameOf, setConversationNotifications } from "./conversation-events";

/** Gives an open conversation to someone on the inbox's team (or back to Unassigned), and says so in it. */
export const assignConversation = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof assignInput>) => {
  const { tx, actor } = ctx;
  const { conversation } = await requireAgentConversation(tx, input.conversationId, actor.userId);
  if (conversation.status === "closed") throw badRequest("Reopen the conversation to assign it");
  if (input.assigneeId && !(await isAgentOf(tx, conversation.inboxId, input.assigneeId))) throw badRequest("Only people on this inbox's team can be assigned");
  if (conversation.assigneeId === input.assigneeId) return emitConversation(ctx, conversation.id);
  await tx.update(supportConversations).set({ assigneeId: input.assigneeId }).where(eq(supportConversations.id, conversation.id));
  if (input.assigneeId) {
    await tx.update(supportAgents).set({ lastAssignedAt: ctx.services.clock.now() }).where(and(eq(supportAgents.inboxId, conversation.inboxId), eq(supportAgents.userId, input.assigneeId)));
  }
  await setConversationNotifications(ctx, conversation.id, input.assigneeId);
  const by = await nameOf(tx, actor.userId);
  const line = !input.assigneeId ? `${by} unassigned the conversation` : input.assigneeId === actor.userId ? `${by} took the conversation` : `${by} assigned the conversation to ${await nameOf(tx, input.assigneeId)}`;
  await postSystemMessage(ctx, conversation.id, line);
  return emitConversation(ctx, conversation.id);
});
