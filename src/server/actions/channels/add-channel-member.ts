import { and, eq } from "drizzle-orm";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest, forbidden, notFound } from "../../access/errors";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { workspaceMembers } from "../../db/schema";
import { defineAction } from "../context";
import { addToChannel } from "./add-to-channel";

/** A member adds someone to a channel they are in; a guest is given channels by admins only, as their invite was. */
export const addChannelMember = defineAction({ actors: ["user"] }, async (ctx, input: { channelId: string; userId: string }) => {
  const { channel, role } = await requireChannelMember(ctx.tx, input.channelId, ctx.actor.userId);
  requireNotArchived(channel);
  if (channel.kind === "dm" || channel.kind === "group_dm") throw badRequest("Start a new conversation to include more people");
  const [target] = await ctx.tx
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, channel.workspaceId), eq(workspaceMembers.userId, input.userId)));
  if (!target) throw notFound("That person is not a member of this workspace");
  if (target.role === "guest" && !isWorkspaceAdmin(role)) throw forbidden("Only admins can add a guest to a channel");
  return addToChannel(ctx, input.channelId, [input.userId]);
});
