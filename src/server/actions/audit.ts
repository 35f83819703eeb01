import type { Db, Tx } from "../db/client";
import { auditLog } from "../db/schema";

/** One line in the workspace's audit log, written in the same transaction as what it records. */
export async function audit(tx: Db | Tx, entry: { workspaceId: string; actorId: string | null; action: string; detail?: string }) {
  await tx.insert(auditLog).values({ ...entry, detail: entry.detail ?? "" });
}
