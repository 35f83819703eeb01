import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { openDmInput } from "@/shared/channels";
import { notFound } from "../../access/errors";
import { requireWorkspaceRole } from "../../access/workspaces";
import { channelMembers, channels, workspaceMembers } from "../../db/schema";
import { inTransaction } from "../../events";
import { isUniqueViolation } from "../unique-violation";
import { addToChannel } from "./add-to-channel";

/**
 * The one conversation of a set of people (a DM with yourself is your notes). Opening it again returns the same
 * conversation and shows it in the opener's sidebar if they had closed it.
 */
export async function openDm(actorId: string, input: z.output<typeof openDmInput>) {
  const people = [...new Set([actorId, ...input.userIds])].sort();
  const dmKey = people.join(",");
  const attempt = () =>
    inTransaction(async (tx, emit) => {
      await requireWorkspaceRole(tx, input.workspaceId, actorId);
      const members = await tx
        .select({ userId: workspaceMembers.userId })
        .from(workspaceMembers)
        .where(and(eq(workspaceMembers.workspaceId, input.workspaceId), inArray(workspaceMembers.userId, people)));
      if (members.length !== people.length) throw notFound("Someone in that conversation is not a member of this workspace");
      const [existing] = await tx
        .select()
        .from(channels)
        .where(and(eq(channels.workspaceId, input.workspaceId), eq(channels.dmKey, dmKey)));
      if (existing) {
        await tx
          .update(channelMembers)
          .set({ hidden: false })
          .where(and(eq(channelMembers.channelId, existing.id), eq(channelMembers.userId, actorId)));
        return existing;
      }
      const [channel] = await tx
        .insert(channels)
        .values({
          workspaceId: input.workspaceId,
          kind: people.length > 2 ? "group_dm" : "dm",
          name: people.length > 2 ? "group" : "dm",
          dmKey,
          createdBy: actorId,
        })
        .returning();
      await addToChannel(tx, emit, channel!.id, people);
      return channel!;
    });
  try {
    return await attempt();
  } catch (error) {
    // Two people opening the same new conversation at once: the second finds the first's.
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}
