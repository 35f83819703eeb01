import { and, eq, inArray, ne } from "drizzle-orm";
import type { z } from "zod";
import type { updateChannelInput } from "@/shared/channels";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { requireChannelMember, requireNotArchived, requireReadableChannel } from "../../access/channels";
import { badRequest, conflict, forbidden } from "../../access/errors";
import type { Tx } from "../../db/client";
import { channels } from "../../db/schema";
import { inTransaction } from "../../events";
import { isUniqueViolation } from "../unique-violation";
import { emitChannelUpdated } from "./channel-events";
import { channelNameTaken } from "./create-channel";

type Access = Awaited<ReturnType<typeof requireReadableChannel>>;

/** Renaming, archiving and removing people: the channel's creator and workspace admins. */
function requireChannelManager(access: Access, actorId: string) {
  if (access.channel.createdBy !== actorId && !isWorkspaceAdmin(access.role)) {
    throw forbidden("Only the channel's creator and workspace admins can do that");
  }
}

function requireNamedChannel(access: Access) {
  if (access.channel.kind === "dm" || access.channel.kind === "group_dm") throw badRequest("Direct messages cannot be changed that way");
}

export async function updateChannel(actorId: string, input: z.output<typeof updateChannelInput>) {
  try {
    return await inTransaction(async (tx, emit) => {
      const access = await requireChannelMember(tx, input.channelId, actorId);
      requireNotArchived(access.channel);
      if (input.name !== undefined && input.name !== access.channel.name) {
        requireNamedChannel(access);
        requireChannelManager(access, actorId);
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
      return emitChannelUpdated(tx, emit, input.channelId);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(channelNameTaken(input.name ?? ""));
    throw error;
  }
}

async function assertNameFree(tx: Tx, workspaceId: string, name: string, channelId: string) {
  const [taken] = await tx
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.name, name), ne(channels.id, channelId), inArray(channels.kind, ["public", "private"])));
  if (taken) throw conflict(channelNameTaken(name));
}

/** Archived channels are read-only and leave the sidebar, but stay readable and searchable. */
export async function setChannelArchived(actorId: string, channelId: string, archived: boolean) {
  return inTransaction(async (tx, emit) => {
    const access = await requireReadableChannel(tx, channelId, actorId);
    requireNamedChannel(access);
    requireChannelManager(access, actorId);
    if (access.channel.isDefault) throw badRequest("#general cannot be archived");
    await tx.update(channels).set({ archivedAt: archived ? new Date() : null }).where(eq(channels.id, channelId));
    return emitChannelUpdated(tx, emit, channelId);
  });
}
