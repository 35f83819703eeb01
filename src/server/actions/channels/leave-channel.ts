import { requireChannelMember } from "../../access/channels";
import { badRequest } from "../../access/errors";
import { defineAction } from "../context";
import { removeFromChannel } from "./remove-from-channel";

export const leaveChannel = defineAction({ actors: ["user"] }, async (ctx, input: { channelId: string }) => {
  const { channel } = await requireChannelMember(ctx.tx, input.channelId, ctx.actor.userId);
  if (channel.isDefault) throw badRequest("Everyone stays in #general");
  if (channel.kind === "dm" || channel.kind === "group_dm") throw badRequest("Close a conversation instead of leaving it");
  await removeFromChannel(ctx, input.channelId, ctx.actor.userId);
});
