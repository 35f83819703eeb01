import { eq } from "drizzle-orm";
import { supportConversations } from "../../db/schema";
import type { ActionContext } from "../context";
import { seatTeam } from "./conversation-events";

/** A closed conversation back in the team's open lists, with its assignee if it had one. */
export async function reopen(ctx: ActionContext, conversation: Pick<typeof supportConversations.$inferSelect, "id" | "inboxId" | "assigneeId">) {
  await ctx.tx.update(supportConversations).set({ status: "open", closedAt: null, closedBy: null }).where(eq(supportConversations.id, conversation.id));
  await seatTeam(ctx, conversation.id, conversation.inboxId, conversation.assigneeId);
}
