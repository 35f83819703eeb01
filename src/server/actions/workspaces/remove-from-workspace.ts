import { and, eq, inArray } from "drizzle-orm";
import { topics } from "@/shared/events";
import type { Tx } from "../../db/client";
import { channelMembers, channels, workspaceMembers } from "../../db/schema";
import type { Emit } from "../../events";

/** Owners of the workspace, locked until the transaction ends so two owners cannot both step down at once. */
export async function lockOwners(tx: Tx, workspaceId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: workspaceMembers.userId })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.role, "owner")))
    .for("update");
  return rows.map((row) => row.userId);
}

/** Takes a person out of a workspace and every channel in it; shared by leaving and being removed. */
export async function removeFromWorkspace(tx: Tx, emit: Emit, workspaceId: string, userId: string) {
  const workspaceChannels = tx.select({ id: channels.id }).from(channels).where(eq(channels.workspaceId, workspaceId));
  await tx
    .delete(channelMembers)
    .where(and(eq(channelMembers.userId, userId), inArray(channelMembers.channelId, workspaceChannels)));
  await tx
    .delete(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
  emit(topics.workspace(workspaceId), { type: "workspace.member_left", workspaceId, userId });
  emit(topics.user(userId), { type: "membership.changed" });
}
