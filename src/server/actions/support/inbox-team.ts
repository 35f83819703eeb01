import { and, eq, inArray, ne } from "drizzle-orm";
import { DomainError } from "../../access/errors";
import type { Db, Tx } from "../../db/client";
import { supportAgents, users, workspaceMembers } from "../../db/schema";

/** The team must be people of the workspace (guests and bots answer no one). */
export async function setInboxTeam(tx: Db | Tx, inbox: { id: string; workspaceId: string }, agentIds: string[]) {
  const wanted = [...new Set(agentIds)];
  const members = await tx
    .select({ userId: workspaceMembers.userId })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(and(eq(workspaceMembers.workspaceId, inbox.workspaceId), inArray(workspaceMembers.userId, wanted), ne(workspaceMembers.role, "guest"), eq(users.isBot, false)));
  if (members.length !== wanted.length) throw new DomainError("BAD_REQUEST", "Everyone on the team must be a person in this workspace (not a guest or a bot)", "agentIds");
  await tx.delete(supportAgents).where(eq(supportAgents.inboxId, inbox.id));
  await tx.insert(supportAgents).values(wanted.map((userId) => ({ inboxId: inbox.id, userId })));
}
