import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { channelNotificationsInput } from "@/shared/notifications";
import { requireChannelMember } from "../../access/channels";
import { channelMembers } from "../../db/schema";
import { defineAction } from "../context";

/** One channel's notification level, mute and @channel handling for the actor; their other tabs follow. */
export const setChannelNotifications = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof channelNotificationsInput>) => {
  const { tx, emit, actor } = ctx;
  await requireChannelMember(tx, input.channelId, actor.userId);
  const settings = { notifyLevel: input.level, muted: input.muted, ignoreChannelMentions: input.ignoreChannelMentions };
  await tx
    .update(channelMembers)
    .set(settings)
    .where(and(eq(channelMembers.channelId, input.channelId), eq(channelMembers.userId, actor.userId)));
  emit(topics.user(actor.userId), { type: "channel.notifications", channelId: input.channelId, ...settings });
  return { channelId: input.channelId, ...settings };
});
