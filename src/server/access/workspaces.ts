import { and, eq, isNotNull } from "drizzle-orm";
import { isWorkspaceAdmin, type WorkspaceRole } from "@/shared/workspaces";
import type { Db, Tx } from "../db/client";
import { emailDomain } from "@/shared/sso";
import { ssoDomains, workspaceMembers } from "../db/schema";
import { forbidden, notFound } from "./errors";

export const WORKSPACE_NOT_FOUND = "That workspace does not exist or you are not a member of it";

/** The actor's role in the workspace. A workspace you do not belong to does not exist for you. */
export async function requireWorkspaceRole(db: Db | Tx, workspaceId: string, userId: string): Promise<WorkspaceRole> {
  const [row] = await db
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
  if (!row) throw notFound(WORKSPACE_NOT_FOUND);
  return row.role;
}

export async function requireWorkspaceAdmin(db: Db | Tx, workspaceId: string, userId: string): Promise<WorkspaceRole> {
  const role = await requireWorkspaceRole(db, workspaceId, userId);
  if (!isWorkspaceAdmin(role)) throw forbidden("Only workspace owners and admins can do that");
  return role;
}

/**
 * Whether a workspace vouches for an address: it verified the address's domain. Only then may it take over an
 * existing account by email (SCIM, a Slack import) or change its address, as SSO requires: an account is not a
 * workspace's to claim because an admin typed its email.
 */
export async function domainVerifiedBy(db: Db | Tx, workspaceId: string, email: string): Promise<boolean> {
  const [domain] = await db
    .select({ id: ssoDomains.id })
    .from(ssoDomains)
    .where(and(eq(ssoDomains.workspaceId, workspaceId), eq(ssoDomains.domain, emailDomain(email)), isNotNull(ssoDomains.verifiedAt)));
  return Boolean(domain);
}
