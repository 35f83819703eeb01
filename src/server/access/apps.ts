import { eq } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { apps, workspaces } from "../db/schema";
import { forbidden, notFound } from "./errors";
import { requireWorkspaceRole } from "./workspaces";

export const APP_NOT_FOUND = "That app does not exist or you cannot manage it";

/**
 * Who may create and manage apps in a workspace: its admins, every app; a member, the apps they created, while the
 * workspace lets members create apps. The answer is "all", "own" or a refusal.
 */
export async function appManagement(tx: Db | Tx, workspaceId: string, userId: string): Promise<"all" | "own"> {
  const role = await requireWorkspaceRole(tx, workspaceId, userId);
  if (isWorkspaceAdmin(role)) return "all";
  const [workspace] = await tx.select({ membersCanCreateApps: workspaces.membersCanCreateApps }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (role === "member" && workspace?.membersCanCreateApps) return "own";
  throw forbidden("Only workspace owners and admins can manage apps here");
}

/** An app its manager may change (appManagement); for anyone else (or outside the workspace) it does not exist. */
export async function requireManagedApp(tx: Db | Tx, appId: string, userId: string) {
  const [app] = await tx.select().from(apps).where(eq(apps.id, appId)).for("update");
  if (!app) throw notFound(APP_NOT_FOUND);
  const scope = await appManagement(tx, app.workspaceId, userId).catch(() => {
    throw notFound(APP_NOT_FOUND);
  });
  if (scope === "own" && app.createdBy !== userId) throw notFound(APP_NOT_FOUND);
  return app;
}
