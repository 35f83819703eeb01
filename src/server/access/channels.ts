import { and, eq, type Placeholder, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { preparedQuery } from "../db/prepared";
import { channelMembers, channels, workspaceMembers } from "../db/schema";
import { badRequest, notFound } from "./errors";
import { supportConversationReadableBy } from "./support";

export const CHANNEL_NOT_FOUND = "That channel does not exist or you cannot see it";

type Channel = typeof channels.$inferSelect;

type UserRef = string | Placeholder;

/** The actor belongs to the channel (and still to its workspace): who may post, react and keep read state there. */
export function channelMembershipOf(userId: UserRef) {
  return sql`(exists (select 1 from ${channelMembers} where ${channelMembers.channelId} = ${channels.id} and ${channelMembers.userId} = ${userId})
    and exists (select 1 from ${workspaceMembers} where ${workspaceMembers.workspaceId} = ${channels.workspaceId} and ${workspaceMembers.userId} = ${userId}))`;
}

/**
 * Who may read a channel, the one statement of the rule every check, list and search uses: its members, the
 * members of its workspace (guests excepted) when it is public, and a support inbox's team for its conversations.
 */
export function channelReadableBy(userId: UserRef) {
  return sql`(${channelMembershipOf(userId)}
    or (${channels.kind} = 'public' and exists (select 1 from ${workspaceMembers} where ${workspaceMembers.workspaceId} = ${channels.workspaceId}
      and ${workspaceMembers.userId} = ${userId} and ${workspaceMembers.role} <> 'guest'))
    or ${supportConversationReadableBy(userId)})`;
}

// Every read and write of a channel starts here.
const channelWithActorQuery = preparedQuery((db) => {
  const userId = sql.placeholder("userId");
  return db
    .select({ channel: channels, memberId: channelMembers.userId, role: workspaceMembers.role, readable: sql<boolean>`${channelReadableBy(userId)}` })
    .from(channels)
    .leftJoin(channelMembers, and(eq(channelMembers.channelId, channels.id), eq(channelMembers.userId, userId)))
    .leftJoin(workspaceMembers, and(eq(workspaceMembers.workspaceId, channels.workspaceId), eq(workspaceMembers.userId, userId)))
    .where(eq(channels.id, sql.placeholder("channelId")))
    .prepare("channel_with_actor");
});

async function channelWithActor(db: Db | Tx, channelId: string, userId: string) {
  const [row] = await channelWithActorQuery(db).execute({ channelId, userId });
  return row;
}

/**
 * A channel the actor may read (channelReadableBy). Everything else is NOT_FOUND, never FORBIDDEN, so a private
 * channel's existence does not leak.
 */
export async function requireReadableChannel(db: Db | Tx, channelId: string, userId: string) {
  const row = await channelWithActor(db, channelId, userId);
  if (!row?.readable || !row.role) throw notFound(CHANNEL_NOT_FOUND);
  return { channel: row.channel, role: row.role, isMember: row.memberId !== null };
}

/** A channel the actor belongs to (for posting, reacting, reading state). */
export async function requireChannelMember(db: Db | Tx, channelId: string, userId: string) {
  const access = await requireReadableChannel(db, channelId, userId);
  if (!access.isMember) throw badRequest(`Join #${access.channel.name} first`);
  return access;
}

export function requireNotArchived(channel: Channel) {
  if (channel.archivedAt) throw badRequest("This channel is archived; unarchive it to post or change it");
}
