import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import type { z } from "zod";
import type { openDmInput } from "@/shared/channels";
import { notFound } from "../../access/errors";
import { requireWorkspaceRole } from "../../access/workspaces";
import { channelMembers, channels, workspaceMembers } from "../../db/schema";
import { defineAction } from "../context";
import { addToChannel } from "./add-to-channel";

/** A guest talks only with people of their own channels: anyone else does not exist for them. */
async function requireSharesChannels(tx: Db | Tx, workspaceId: string, guestId: string, people: string[]) {
  const others = people.filter((userId) => userId !== guestId);
  if (others.length === 0) return;
  const known = await tx
    .selectDistinct({ userId: sql<string>`theirs.user_id` })
    .from(sql`${channelMembers} mine join ${channelMembers} theirs on theirs.channel_id = mine.channel_id join ${channels} on ${channels.id} = mine.channel_id`)
    .where(sql`mine.user_id = ${guestId} and ${channels.workspaceId} = ${workspaceId} and ${channels.kind} in ('public', 'private') and theirs.user_id in ${others}`);
  if (known.length !== others.length) throw notFound("Someone in that conversation is not a member of this workspace");
}

/**
 * The one conversation of a set of people (a DM with yourself is your notes). Opening it again returns the same
 * conversation and shows it in the opener's sidebar if they had closed it. Two people opening the same new
 * conversation at once: the second, refused by the unique key, runs again and finds the first's.
 */
export const openDm = defineAction({ actors: ["user", "bot"], onUniqueViolation: "retry" }, async (ctx, input: z.output<typeof openDmInput>) => {
  const { tx, actor } = ctx;
  const people = [...new Set([actor.userId, ...input.userIds])].sort();
  const dmKey = people.join(",");
  const role = await requireWorkspaceRole(tx, input.workspaceId, actor.userId);
  if (role === "guest") await requireSharesChannels(tx, input.workspaceId, actor.userId, people);
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
