import { and, eq } from "drizzle-orm";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest, notFound } from "../../access/errors";
import { workspaceMembers } from "../../db/schema";
import { defineAction } from "../context";
import { addToChannel } from "./add-to-channel";

export const addChannelMember = defineAction({ actors: ["user"] }, async (ctx, input: { channelId: string; userId: string }) => {
  const { channel } = await requireChannelMember(ctx.tx, input.channelId, ctx.actor.userId);
  requireNotArchived(channel);
  if (channel.kind === "dm" || channel.kind === "group_dm") throw badRequest("Start a new conversation to include more people");
  const [target] = await ctx.tx
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, channel.workspaceId), eq(workspaceMembers.userId, input.userId)));
  if (!target) throw notFound("That person is not a member of this workspace");
  return addToChannel(ctx, input.channelId, [input.userId]);
});
