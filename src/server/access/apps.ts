import { eq } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { apps } from "../db/schema";
import { notFound } from "./errors";
import { requireWorkspaceAdmin } from "./workspaces";

export const APP_NOT_FOUND = "That app does not exist or you cannot manage it";

/** An app its workspace's admins manage; for anyone else (or outside the workspace) it does not exist. */
export async function requireManagedApp(tx: Db | Tx, appId: string, userId: string) {
  const [app] = await tx.select().from(apps).where(eq(apps.id, appId)).for("update");
  if (!app) throw notFound(APP_NOT_FOUND);
  await requireWorkspaceAdmin(tx, app.workspaceId, userId).catch(() => {
    throw notFound(APP_NOT_FOUND);
  });
  return app;
}
