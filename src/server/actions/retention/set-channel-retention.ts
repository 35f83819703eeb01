import { eq } from "drizzle-orm";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { requireReadableChannel } from "../../access/channels";
import { forbidden } from "../../access/errors";
import { channels } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";

/** An admin gives one channel its own retention (null: the workspace's; 0: forever; N days). */
export const setChannelRetention = defineAction({ actors: ["user"] }, async (ctx, input: { channelId: string; days: number | null }) => {
  const { tx, actor } = ctx;
  const { channel, role } = await requireReadableChannel(tx, input.channelId, actor.userId);
  if (!isWorkspaceAdmin(role)) throw forbidden("Only workspace admins can change how long messages are kept");
  await tx.update(channels).set({ retentionDays: input.days }).where(eq(channels.id, channel.id));
  await audit(tx, { workspaceId: channel.workspaceId, actorId: actor.userId, action: "retention.channel_set", detail: `#${channel.name}: ${input.days === null ? "workspace default" : input.days === 0 ? "forever" : `${input.days} days`}` });
  return { channelId: channel.id, days: input.days };
});
