import { and, desc, eq } from "drizzle-orm";
import { forbidden, notFound } from "../access/errors";
import { requireWorkspaceAdmin } from "../access/workspaces";
import { db } from "../db/client";
import { dataTransfers } from "../db/schema";

const columns = {
  id: dataTransfers.id,
  workspaceId: dataTransfers.workspaceId,
  kind: dataTransfers.kind,
  status: dataTransfers.status,
  phase: dataTransfers.phase,
  done: dataTransfers.done,
  total: dataTransfers.total,
  size: dataTransfers.size,
  report: dataTransfers.report,
  error: dataTransfers.error,
  createdAt: dataTransfers.createdAt,
  finishedAt: dataTransfers.finishedAt,
};

/** Settings → Export and import: the workspace's recent exports and imports, newest first, with their progress. */
export async function listTransfers(actorId: string, workspaceId: string) {
  await requireWorkspaceAdmin(db(), workspaceId, actorId);
  return db().select(columns).from(dataTransfers).where(eq(dataTransfers.workspaceId, workspaceId)).orderBy(desc(dataTransfers.createdAt)).limit(20);
}

/** A finished export an admin of its workspace may download; anything else does not exist for them. */
export async function downloadableExport(actorId: string, transferId: string) {
  const [transfer] = await db().select().from(dataTransfers).where(and(eq(dataTransfers.id, transferId), eq(dataTransfers.kind, "export"), eq(dataTransfers.status, "done")));
  if (!transfer?.storageKey) throw notFound("That export does not exist or is not finished");
  if ((await requireWorkspaceAdmin(db(), transfer.workspaceId, actorId)) !== "owner") throw forbidden("Only owners can download the workspace's export");
  return { storageKey: transfer.storageKey, size: transfer.size ?? 0, createdAt: transfer.createdAt };
}

/** Only a workspace's admins move its data in or out. */
export async function requireTransferAdmin(actorId: string, workspaceId: string) {
  await requireWorkspaceAdmin(db(), workspaceId, actorId);
}
