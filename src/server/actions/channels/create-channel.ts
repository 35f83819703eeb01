import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { createChannelInput } from "@/shared/channels";
import { conflict, forbidden } from "../../access/errors";
import { requireWorkspaceRole } from "../../access/workspaces";
import { channels } from "../../db/schema";
import { inTransaction } from "../../events";
import { isUniqueViolation } from "../unique-violation";
import { addToChannel } from "./add-to-channel";

export const channelNameTaken = (name: string) => `A channel named #${name} already exists in this workspace`;

export async function createChannel(actorId: string, input: z.output<typeof createChannelInput>) {
  try {
    return await inTransaction(async (tx, emit) => {
      const role = await requireWorkspaceRole(tx, input.workspaceId, actorId);
      if (role === "guest") throw forbidden("Guests cannot create channels");
      const [taken] = await tx
        .select({ id: channels.id })
        .from(channels)
        .where(and(eq(channels.workspaceId, input.workspaceId), eq(channels.name, input.name), inArray(channels.kind, ["public", "private"])));
      if (taken) throw conflict(channelNameTaken(input.name));
      const [channel] = await tx
        .insert(channels)
        .values({ ...input, createdBy: actorId })
        .returning();
      await addToChannel(tx, emit, channel!.id, [actorId]);
      return channel!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(channelNameTaken(input.name));
    throw error;
  }
}
