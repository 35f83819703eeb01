import { eq, inArray } from "drizzle-orm";
import { topics } from "@/shared/events";
import { requireManagedInbox } from "../../access/support";
import { channels, supportAgents, supportConversations, supportInboxes, supportVisitors, users } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";

/** Deletes an inbox with its conversations and visitors: the widget on the website stops working. */
export const deleteInbox = defineAction({ actors: ["user"] }, async ({ tx, actor, emit }, input: { inboxId: string }) => {
  const inbox = await requireManagedInbox(tx, input.inboxId, actor.userId);
  const team = await tx.select({ userId: supportAgents.userId }).from(supportAgents).where(eq(supportAgents.inboxId, inbox.id));
  const conversations = await tx.select({ id: supportConversations.id }).from(supportConversations).where(eq(supportConversations.inboxId, inbox.id));
  const visitors = await tx.select({ userId: supportVisitors.userId }).from(supportVisitors).where(eq(supportVisitors.inboxId, inbox.id));
  if (conversations.length) await tx.delete(channels).where(inArray(channels.id, conversations.map((row) => row.id)));
  await tx.delete(supportInboxes).where(eq(supportInboxes.id, inbox.id));
  if (visitors.length) await tx.delete(users).where(inArray(users.id, visitors.map((row) => row.userId)));
  for (const { userId } of team) emit(topics.user(userId), { type: "membership.changed" });
  await audit(tx, { workspaceId: inbox.workspaceId, actorId: actor.userId, action: "support.inbox_deleted", detail: inbox.name });
});
