import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { channelNotificationsInput } from "@/shared/notifications";
import { requireChannelMember } from "../../access/channels";
import { channelMembers } from "../../db/schema";
import { inTransaction } from "../../events";

/** One channel's notification level, mute and @channel handling for the actor; their other tabs follow. */
export async function setChannelNotifications(actorId: string, input: z.output<typeof channelNotificationsInput>) {
  return inTransaction(async (tx, emit) => {
    await requireChannelMember(tx, input.channelId, actorId);
    const settings = { notifyLevel: input.level, muted: input.muted, ignoreChannelMentions: input.ignoreChannelMentions };
    await tx
      .update(channelMembers)
      .set(settings)
      .where(and(eq(channelMembers.channelId, input.channelId), eq(channelMembers.userId, actorId)));
    emit(topics.user(actorId), { type: "channel.notifications", channelId: input.channelId, ...settings });
    return { channelId: input.channelId, ...settings };
  });
}
