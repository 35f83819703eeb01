import { and, eq, inArray, ne } from "drizzle-orm";
import { badRequest } from "../../access/errors";
import type { Db, Tx } from "../../db/client";
import { supportAgents, workspaceMembers } from "../../db/schema";

/** The team must be people of the workspace (guests and bots answer no one). */
export async function setInboxTeam(tx: Db | Tx, inbox: { id: string; workspaceId: string }, agentIds: string[]) {
  const wanted = [...new Set(agentIds)];
  const members = await tx
    .select({ userId: workspaceMembers.userId })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, inbox.workspaceId), inArray(workspaceMembers.userId, wanted), ne(workspaceMembers.role, "guest")));
  if (members.length !== wanted.length) throw badRequest("Everyone on the team must be a member of this workspace (not a guest)");
  await tx.delete(supportAgents).where(eq(supportAgents.inboxId, inbox.id));
  await tx.insert(supportAgents).values(wanted.map((userId) => ({ inboxId: inbox.id, userId })));
}
