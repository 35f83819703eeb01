import { and, eq } from "drizzle-orm";
import { topics } from "@/shared/events";
import { channelMembers } from "../../db/schema";
import type { ActionContext } from "../context";
import { emitChannelUpdated } from "./channel-events";

/** Takes a person out of a channel, shared by leaving and being removed. */
export async function removeFromChannel(ctx: ActionContext, channelId: string, userId: string) {
  await ctx.tx.delete(channelMembers).where(and(eq(channelMembers.channelId, channelId), eq(channelMembers.userId, userId)));
  ctx.emit(topics.channel(channelId), { type: "channel.member_left", channelId, userId });
  ctx.emit(topics.user(userId), { type: "membership.changed" });
  await emitChannelUpdated(ctx, channelId);
}
