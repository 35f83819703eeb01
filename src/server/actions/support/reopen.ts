import { eq } from "drizzle-orm";
import { supportConversations } from "../../db/schema";
import type { ActionContext } from "../context";
import { postSystemMessage } from "../messages/system-message";
import { nameOf, seatTeam } from "./conversation-events";

/**
 * A closed conversation back in the team's open lists, with its assignee if it had one. Reopened by someone on the
 * team, it says who; by the visitor writing again, their message says enough.
 */
export async function reopen(ctx: ActionContext, conversation: Pick<typeof supportConversations.$inferSelect, "id" | "inboxId" | "assigneeId">, byUserId?: string) {
  await ctx.tx.update(supportConversations).set({ status: "open", closedAt: null, closedBy: null }).where(eq(supportConversations.id, conversation.id));
  await seatTeam(ctx, conversation.id, conversation.inboxId, conversation.assigneeId);
  if (byUserId) await postSystemMessage(ctx, conversation.id, `${await nameOf(ctx.tx, byUserId)} reopened the conversation`);
}
