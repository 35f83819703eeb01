import { and, eq } from "drizzle-orm";
import { isWorkspaceAdmin, type WorkspaceRole } from "@/shared/workspaces";
import type { Db, Tx } from "../db/client";
import { workspaceMembers } from "../db/schema";
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
