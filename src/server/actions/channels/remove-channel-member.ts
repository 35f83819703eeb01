import { and, eq } from "drizzle-orm";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { requireChannelMember } from "../../access/channels";
import { badRequest, forbidden, notFound } from "../../access/errors";
import { channelMembers } from "../../db/schema";
import { defineAction } from "../context";
import { removeFromChannel } from "./remove-from-channel";

export const removeChannelMember = defineAction({ actors: ["user"] }, async (ctx, input: { channelId: string; userId: string }) => {
  const { tx, actor } = ctx;
  const { channel, role } = await requireChannelMember(tx, input.channelId, actor.userId);
  if (channel.isDefault) throw badRequest("Everyone stays in #general");
  if (channel.kind === "dm" || channel.kind === "group_dm") throw badRequest("People cannot be removed from a conversation");
  if (channel.createdBy !== actor.userId && !isWorkspaceAdmin(role)) throw forbidden("Only the channel's creator and workspace admins can remove people");
  const [target] = await tx
    .select({ userId: channelMembers.userId })
    .from(channelMembers)
    .where(and(eq(channelMembers.channelId, input.channelId), eq(channelMembers.userId, input.userId)));
  if (!target) throw notFound("That person is not in this channel");
  await removeFromChannel(ctx, input.channelId, input.userId);
});
