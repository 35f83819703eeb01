import { and, asc, eq, isNull } from "drizzle-orm";
import { notFound } from "../access/errors";
import { requireWorkspaceRole } from "../access/workspaces";
import { db } from "../db/client";
import { channelMembers, channels } from "../db/schema";

const channelColumns = {
  id: channels.id,
  workspaceId: channels.workspaceId,
  kind: channels.kind,
  name: channels.name,
  topic: channels.topic,
  description: channels.description,
  isDefault: channels.isDefault,
  archivedAt: channels.archivedAt,
  createdAt: channels.createdAt,
};

export const CHANNEL_NOT_FOUND = "That channel does not exist or you cannot see it";

/** The channels in the actor's sidebar: the ones they belong to, archived ones left out. */
export async function listMyChannels(userId: string, workspaceId: string) {
  await requireWorkspaceRole(db(), workspaceId, userId);
  return db()
    .select(channelColumns)
    .from(channelMembers)
    .innerJoin(channels, eq(channels.id, channelMembers.channelId))
    .where(and(eq(channelMembers.userId, userId), eq(channels.workspaceId, workspaceId), isNull(channels.archivedAt)))
    .orderBy(asc(channels.name));
}

/**
 * A channel the actor may read: public channels of their workspaces, and the others they belong to. A private
 * channel or DM is NOT_FOUND for everyone else, never FORBIDDEN, so its existence does not leak.
 */
export async function getChannel(userId: string, channelId: string) {
  const [row] = await db()
    .select({ ...channelColumns, memberUserId: channelMembers.userId })
    .from(channels)
    .leftJoin(channelMembers, and(eq(channelMembers.channelId, channels.id), eq(channelMembers.userId, userId)))
    .where(eq(channels.id, channelId));
  if (!row) throw notFound(CHANNEL_NOT_FOUND);
  const { memberUserId, ...channel } = row;
  if (memberUserId) return { ...channel, isMember: true };
  if (channel.kind !== "public") throw notFound(CHANNEL_NOT_FOUND);
  const role = await requireWorkspaceRole(db(), channel.workspaceId, userId).catch(() => {
    throw notFound(CHANNEL_NOT_FOUND);
  });
  // Guests see only the channels they were added to.
  if (role === "guest") throw notFound(CHANNEL_NOT_FOUND);
  return { ...channel, isMember: false };
}
