import { eq } from "drizzle-orm";
import { isConversation } from "@/shared/channels";
import type { Db, Tx } from "../db/client";
import { users, workspaces } from "../db/schema";

/**
 * Read receipts apply in DMs and group DMs of workspaces that allow them, between people who share them, and always
 * in support conversations, where the visitor's "Seen" is part of the service.
 */
export async function receiptsApply(db: Db | Tx, channel: { kind: Parameters<typeof isConversation>[0]; workspaceId: string }, userId: string) {
  if (channel.kind === "support") return true;
  if (!isConversation(channel.kind)) return false;
  const [[workspace], [user]] = await Promise.all([
    db.select({ on: workspaces.readReceipts }).from(workspaces).where(eq(workspaces.id, channel.workspaceId)),
    db.select({ on: users.readReceipts }).from(users).where(eq(users.id, userId)),
  ]);
  return Boolean(workspace?.on && user?.on);
}
