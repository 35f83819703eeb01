import { and, eq, type Placeholder, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { channels, supportAgents, supportConversations, supportInboxes, workspaceMembers } from "../db/schema";
import { notFound } from "./errors";
import { requireWorkspaceAdmin } from "./workspaces";

export const INBOX_NOT_FOUND = "That support inbox does not exist or you cannot manage it";
export const CONVERSATION_NOT_FOUND = "That conversation does not exist or you cannot see it";

type UserRef = string | Placeholder;

/**
 * Who may read a support conversation (a channel of kind support): the team of its inbox, while they are members of
 * the workspace. The clause channelReadableBy adds, so every read path has the same rule.
 */
export function supportConversationReadableBy(userId: UserRef) {
  return sql`(${channels.kind} = 'support' and exists (select 1 from ${supportConversations}
    join ${supportAgents} on ${supportAgents.inboxId} = ${supportConversations.inboxId} and ${supportAgents.userId} = ${userId}
    join ${workspaceMembers} on ${workspaceMembers.workspaceId} = ${channels.workspaceId} and ${workspaceMembers.userId} = ${userId} and ${workspaceMembers.role} <> 'guest'
    where ${supportConversations.id} = ${channels.id}))`;
}

/** An inbox a workspace admin manages; for anyone else it does not exist. */
export async function requireManagedInbox(tx: Db | Tx, inboxId: string, userId: string) {
  const [inbox] = await tx.select().from(supportInboxes).where(eq(supportInboxes.id, inboxId)).for("update");
  if (!inbox) throw notFound(INBOX_NOT_FOUND);
  await requireWorkspaceAdmin(tx, inbox.workspaceId, userId).catch(() => {
    throw notFound(INBOX_NOT_FOUND);
  });
  return inbox;
}

/** A conversation of an inbox the actor answers (locked for this transaction); NOT_FOUND for anyone else. */
export async function requireAgentConversation(tx: Db | Tx, conversationId: string, userId: string) {
  const [row] = await tx
    .select({ conversation: supportConversations, inbox: supportInboxes })
    .from(supportConversations)
    .innerJoin(supportInboxes, eq(supportInboxes.id, supportConversations.inboxId))
    .innerJoin(channels, eq(channels.id, supportConversations.id))
    .where(and(eq(supportConversations.id, conversationId), supportConversationReadableBy(userId)))
    .for("update", { of: supportConversations });
  if (!row) throw notFound(CONVERSATION_NOT_FOUND);
  return row;
}

/** A conversation of this visitor (its channel row is what serializes writes to it); every other one (and everything else) does not exist for them. */
export async function requireVisitorConversation(tx: Db | Tx, conversationId: string, visitorId: string) {
  const [conversation] = await tx
    .select()
    .from(supportConversations)
    .where(and(eq(supportConversations.id, conversationId), eq(supportConversations.visitorId, visitorId)));
  if (!conversation) throw notFound(CONVERSATION_NOT_FOUND);
  return conversation;
}

/** Whether the person answers this inbox. */
export async function isAgentOf(tx: Db | Tx, inboxId: string, userId: string) {
  const [row] = await tx.select({ userId: supportAgents.userId }).from(supportAgents).where(and(eq(supportAgents.inboxId, inboxId), eq(supportAgents.userId, userId)));
  return Boolean(row);
}
