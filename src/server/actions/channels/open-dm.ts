import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { openDmInput } from "@/shared/channels";
import { notFound } from "../../access/errors";
import { requireWorkspaceRole } from "../../access/workspaces";
import { channelMembers, channels, workspaceMembers } from "../../db/schema";
import { defineAction } from "../context";
import { addToChannel } from "./add-to-channel";

/**
 * The one conversation of a set of people (a DM with yourself is your notes). Opening it again returns the same
 * conversation and shows it in the opener's sidebar if they had closed it. Two people opening the same new
 * conversation at once: the second, refused by the unique key, runs again and finds the first's.
 */
export const openDm = defineAction({ actors: ["user", "bot"], onUniqueViolation: "retry" }, async (ctx, input: z.output<typeof openDmInput>) => {
  const { tx, actor } = ctx;
  const people = [...new Set([actor.userId, ...input.userIds])].sort();
  const dmKey = people.join(",");
  await requireWorkspaceRole(tx, input.workspaceId, actor.userId);
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
      .where(and(eq(channelMembers.channelId, existing.id), eq(channelMembers.userId, actor.userId)));
    return existing;
  }
  const [channel] = await tx
    .insert(channels)
    .values({
      workspaceId: input.workspaceId,
      kind: people.length > 2 ? "group_dm" : "dm",
      name: people.length > 2 ? "group" : "dm",
      dmKey,
      createdBy: actor.userId,
    })
    .returning();
  await addToChannel(ctx, channel!.id, people);
  return channel!;
});
