import { eq } from "drizzle-orm";
import { requireReadableChannel } from "../../access/channels";
import { badRequest } from "../../access/errors";
import { channels } from "../../db/schema";
import { defineAction } from "../context";
import { emitChannelUpdated } from "./channel-events";
import { requireChannelManager, requireNamedChannel } from "./channel-manager";

/** Archived channels are read-only and leave the sidebar, but stay readable and searchable. */
export const setChannelArchived = defineAction({ actors: ["user"] }, async (ctx, input: { channelId: string; archived: boolean }) => {
  const { tx, actor, services } = ctx;
  const access = await requireReadableChannel(tx, input.channelId, actor.userId);
  requireNamedChannel(access);
  requireChannelManager(access, actor.userId);
  if (access.channel.isDefault) throw badRequest("#general cannot be archived");
  await tx.update(channels).set({ archivedAt: input.archived ? services.clock.now() : null }).where(eq(channels.id, input.channelId));
  return emitChannelUpdated(ctx, input.channelId);
});
