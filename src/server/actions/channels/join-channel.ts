import { requireNotArchived, requireReadableChannel } from "../../access/channels";
import { defineAction } from "../context";
import { addToChannel } from "./add-to-channel";

export const joinChannel = defineAction({ actors: ["user", "bot"] }, async (ctx, input: { channelId: string }) => {
  const { channel } = await requireReadableChannel(ctx.tx, input.channelId, ctx.actor.userId);
  requireNotArchived(channel);
  await addToChannel(ctx, input.channelId, [ctx.actor.userId]);
  return channel;
});
