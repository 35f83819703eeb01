import { and, eq, inArray } from "drizzle-orm";
import { topics } from "@/shared/events";
import type { Db, Tx } from "../../db/client";
import { channelMembers, channels, workspaceMembers } from "../../db/schema";
import { emitChannelUpdated } from "../channels/channel-events";
import type { ActionContext } from "../context";

/** Owners of the workspace, locked until the transaction ends so two owners cannot both step down at once. */
export async function lockOwners(tx: Db | Tx, workspaceId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: workspaceMembers.userId })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.role, "owner")))
    .for("update");
  return rows.map((row) => row.userId);
}

/** Takes a person out of a workspace and every channel in it; shared by leaving and being removed. */
export async function removeFromWorkspace(ctx: ActionContext, workspaceId: string, userId: string) {
  const { tx, emit } = ctx;
  const workspaceChannels = tx.select({ id: channels.id }).from(channels).where(eq(channels.workspaceId, workspaceId));
  const left = await tx
    .delete(channelMembers)
    .where(and(eq(channelMembers.userId, userId), inArray(channelMembers.channelId, workspaceChannels)))
    .returning({ channelId: channelMembers.channelId });
  await tx
    .delete(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
  emit(topics.workspace(workspaceId), { type: "workspace.member_left", workspaceId, userId });
  emit(topics.user(userId), { type: "membership.changed" });
  // Every channel they were in lost a member: its member list and count change for whoever sees it.
  for (const { channelId } of left) {
    emit(topics.channel(channelId), { type: "channel.member_left", channelId, userId });
    await emitChannelUpdated(ctx, channelId);
  }
}
