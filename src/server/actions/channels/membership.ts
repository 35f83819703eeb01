import { and, eq } from "drizzle-orm";
import { topics } from "@/shared/events";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { requireChannelMember, requireNotArchived, requireReadableChannel } from "../../access/channels";
import { badRequest, forbidden, notFound } from "../../access/errors";
import type { Tx } from "../../db/client";
import { channelMembers, workspaceMembers } from "../../db/schema";
import { type Emit, inTransaction } from "../../events";
import { addToChannel } from "./add-to-channel";
import { emitChannelUpdated } from "./channel-events";

export async function joinChannel(actorId: string, channelId: string) {
  return inTransaction(async (tx, emit) => {
    const { channel } = await requireReadableChannel(tx, channelId, actorId);
    requireNotArchived(channel);
    await addToChannel(tx, emit, channelId, [actorId]);
    return channel;
  });
}

async function removeFromChannel(tx: Tx, emit: Emit, channelId: string, userId: string) {
  await tx.delete(channelMembers).where(and(eq(channelMembers.channelId, channelId), eq(channelMembers.userId, userId)));
  emit(topics.channel(channelId), { type: "channel.member_left", channelId, userId });
  emit(topics.user(userId), { type: "membership.changed" });
  await emitChannelUpdated(tx, emit, channelId);
}

export async function leaveChannel(actorId: string, channelId: string) {
  await inTransaction(async (tx, emit) => {
    const { channel } = await requireChannelMember(tx, channelId, actorId);
    if (channel.isDefault) throw badRequest("Everyone stays in #general");
    if (channel.kind === "dm" || channel.kind === "group_dm") throw badRequest("Close a conversation instead of leaving it");
    await removeFromChannel(tx, emit, channelId, actorId);
  });
}

export async function addChannelMember(actorId: string, channelId: string, userId: string) {
  return inTransaction(async (tx, emit) => {
    const { channel } = await requireChannelMember(tx, channelId, actorId);
    requireNotArchived(channel);
    if (channel.kind === "dm" || channel.kind === "group_dm") throw badRequest("Start a new conversation to include more people");
    const [target] = await tx
      .select({ role: workspaceMembers.role })
      .from(workspaceMembers)
      .where(and(eq(workspaceMembers.workspaceId, channel.workspaceId), eq(workspaceMembers.userId, userId)));
    if (!target) throw notFound("That person is not a member of this workspace");
    return addToChannel(tx, emit, channelId, [userId]);
  });
}

export async function removeChannelMember(actorId: string, channelId: string, userId: string) {
  await inTransaction(async (tx, emit) => {
    const { channel, role } = await requireChannelMember(tx, channelId, actorId);
    if (channel.isDefault) throw badRequest("Everyone stays in #general");
    if (channel.kind === "dm" || channel.kind === "group_dm") throw badRequest("People cannot be removed from a conversation");
    if (channel.createdBy !== actorId && !isWorkspaceAdmin(role)) throw forbidden("Only the channel's creator and workspace admins can remove people");
    const [target] = await tx
      .select({ userId: channelMembers.userId })
      .from(channelMembers)
      .where(and(eq(channelMembers.channelId, channelId), eq(channelMembers.userId, userId)));
    if (!target) throw notFound("That person is not in this channel");
    await removeFromChannel(tx, emit, channelId, userId);
  });
}
