import { and, eq, inArray, ne } from "drizzle-orm";
import type { z } from "zod";
import type { updateChannelInput } from "@/shared/channels";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest, conflict } from "../../access/errors";
import type { Db, Tx } from "../../db/client";
import { channels } from "../../db/schema";
import { defineAction } from "../context";
import { emitChannelUpdated } from "./channel-events";
import { requireChannelManager, requireNamedChannel } from "./channel-manager";
import { channelNameTaken } from "./create-channel";

type Input = z.output<typeof updateChannelInput>;

export const updateChannel = defineAction(
  { actors: ["user"], onUniqueViolation: (input: Input) => conflict(channelNameTaken(input.name ?? "")) },
  async (ctx, input: Input) => {
    const { tx, actor } = ctx;
    const access = await requireChannelMember(tx, input.channelId, actor.userId);
    requireNotArchived(access.channel);
    if (input.name !== undefined && input.name !== access.channel.name) {
      requireNamedChannel(access);
      requireChannelManager(access, actor.userId);
      if (access.channel.isDefault) throw badRequest("#general cannot be renamed");
      await assertNameFree(tx, access.channel.workspaceId, input.name, access.channel.id);
    }
    await tx
      .update(channels)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.topic !== undefined && { topic: input.topic }),
        ...(input.description !== undefined && { description: input.description }),
      })
      .where(eq(channels.id, input.channelId));
    return emitChannelUpdated(ctx, input.channelId);
  },
);

async function assertNameFree(tx: Db | Tx, workspaceId: string, name: string, channelId: string) {
  const [taken] = await tx
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.name, name), ne(channels.id, channelId), inArray(channels.kind, ["public", "private"])));
  if (taken) throw conflict(channelNameTaken(name));
}
