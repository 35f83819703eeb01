import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { createChannelInput } from "@/shared/channels";
import { conflict, forbidden } from "../../access/errors";
import { requireWorkspaceRole } from "../../access/workspaces";
import { channels } from "../../db/schema";
import { defineAction } from "../context";
import { toSlackId } from "../../slack/ids";
import { enqueueAppEvents } from "../apps/app-events";
import { addToChannel } from "./add-to-channel";

export const channelNameTaken = (name: string) => `A channel named #${name} already exists in this workspace`;

export const createChannel = defineAction(
  { actors: ["user", "bot"], onUniqueViolation: (input: z.output<typeof createChannelInput>) => conflict(channelNameTaken(input.name)) },
  async (ctx, input: z.output<typeof createChannelInput>) => {
    const { tx, actor } = ctx;
    const role = await requireWorkspaceRole(tx, input.workspaceId, actor.userId);
    if (role === "guest") throw forbidden("Guests cannot create channels");
    const [taken] = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(and(eq(channels.workspaceId, input.workspaceId), eq(channels.name, input.name), inArray(channels.kind, ["public", "private"])));
    if (taken) throw conflict(channelNameTaken(input.name));
    const [channel] = await tx
      .insert(channels)
      .values({ ...input, createdBy: actor.userId })
      .returning();
    await addToChannel(ctx, channel!.id, [actor.userId]);
    if (channel!.kind === "public") {
      const event = { type: "channel_created", channel: { id: toSlackId("C", channel!.id), name: channel!.name, created: Math.floor(channel!.createdAt.getTime() / 1000), creator: toSlackId("U", actor.userId) } };
      await enqueueAppEvents(ctx, { workspaceId: channel!.workspaceId, channelId: null }, [{ key: `channel_created:${channel!.id}`, make: () => ({ subscription: "channel_created", event }) }]);
    }
    return channel!;
  },
);
