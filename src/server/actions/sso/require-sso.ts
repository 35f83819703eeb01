import { and, eq, isNotNull } from "drizzle-orm";
import { badRequest } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { ssoConnections, ssoDomains, workspaces } from "../../db/schema";
import { inTransaction } from "../../events";
import { audit } from "./audit";

/** "Require SSO": members with an email in a verified domain can no longer sign in with a password. */
export async function setRequireSso(actorId: string, workspaceId: string, on: boolean) {
  return inTransaction(async (tx) => {
    await requireWorkspaceAdmin(tx, workspaceId, actorId);
    if (on) {
      const [connection] = await tx.select({ id: ssoConnections.id }).from(ssoConnections).where(eq(ssoConnections.workspaceId, workspaceId));
      const [domain] = await tx
        .select({ id: ssoDomains.id })
        .from(ssoDomains)
        .where(and(eq(ssoDomains.workspaceId, workspaceId), isNotNull(ssoDomains.verifiedAt)));
      if (!connection || !domain) throw badRequest("Add an SSO connection and verify a domain before requiring SSO, or nobody could sign in");
    }
    await tx.update(workspaces).set({ requireSso: on }).where(eq(workspaces.id, workspaceId));
    await audit(tx, { workspaceId, actorId, action: on ? "sso.required" : "sso.not_required" });
    return { requireSso: on };
  });
}
