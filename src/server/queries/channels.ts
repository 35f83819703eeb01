import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { ChannelSummary } from "@/shared/events";
import { channelMembershipOf, channelReadableBy, requireReadableChannel } from "../access/channels";
import { requireWorkspaceRole } from "../access/workspaces";
import { db, type Db, type Tx } from "../db/client";
import { channelMembers, channels, users } from "../db/schema";

const summaryColumns = {
  id: channels.id,
  workspaceId: channels.workspaceId,
  kind: channels.kind,
  name: channels.name,
  topic: channels.topic,
  description: channels.description,
  isDefault: channels.isDefault,
  createdBy: channels.createdBy,
  archivedAt: channels.archivedAt,
  lastSeq: channels.lastSeq,
  memberCount: sql<number>`(select count(*)::int from ${channelMembers} where ${channelMembers.channelId} = ${channels.id})`,
};

export async function channelSummary(database: Db | Tx, channelId: string): Promise<ChannelSummary> {
  const [row] = await database.select(summaryColumns).from(channels).where(eq(channels.id, channelId));
  return row!;
}

/** Caps unread counting: the badge says "99+" past it, and no query ever scans a long history. */
export const UNREAD_COUNT_CAP = 100;

/**
 * The sidebar: the actor's channels and DMs in a workspace with their read state. Unread and mention counts are
 * bounded counts above the read position, never scans of history.
 */
export async function listMyChannels(userId: string, workspaceId: string) {
  await requireWorkspaceRole(db(), workspaceId, userId);
  const rows = await db()
    .select({
      ...summaryColumns,
      lastReadSeq: channelMembers.lastReadSeq,
      notifyLevel: channelMembers.notifyLevel,
      muted: channelMembers.muted,
      ignoreChannelMentions: channelMembers.ignoreChannelMentions,
      unreadCount: sql<number>`(select count(*)::int from (select 1 from messages m where m.channel_id = ${channels.id}
        and m.seq > ${channelMembers.lastReadSeq} and m.deleted_at is null and m.kind = 'user'
        and m.in_channel_list and m.author_id is distinct from ${userId}
        limit ${UNREAD_COUNT_CAP}) capped)`,
      mentionCount: sql<number>`(select count(*)::int from (select 1 from messages m where m.channel_id = ${channels.id}
        and m.seq > ${channelMembers.lastReadSeq} and m.deleted_at is null and m.author_id is distinct from ${userId}
        and ((m.mentions_channel and not ${channelMembers.muted} and not ${channelMembers.ignoreChannelMentions})
          or exists (select 1 from mentions x where x.message_id = m.id and x.user_id = ${userId}))
        limit ${UNREAD_COUNT_CAP}) capped)`,
    })
    .from(channelMembers)
    .innerJoin(channels, eq(channels.id, channelMembers.channelId))
    .where(
      and(
        eq(channelMembers.userId, userId),
        eq(channels.workspaceId, workspaceId),
        isNull(channels.archivedAt),
        eq(channelMembers.hidden, false),
      ),
    )
    .orderBy(asc(channels.name));
  const dmIds = rows.filter((row) => row.kind === "dm" || row.kind === "group_dm").map((row) => row.id);
  const dmPeople = dmIds.length
    ? await db()
        .select({ channelId: channelMembers.channelId, userId: users.id, name: users.name, image: users.image })
        .from(channelMembers)
        .innerJoin(users, eq(users.id, channelMembers.userId))
        .where(and(inArray(channelMembers.channelId, dmIds), ne(channelMembers.userId, userId)))
        .orderBy(asc(users.name))
    : [];
  return rows.map((row) => ({
    ...row,
    dmPeople: dmPeople.filter((person) => person.channelId === row.id).map(({ channelId: _c, ...person }) => person),
  }));
}

/** Public channels of a workspace, joined or not, for "Browse channels" (archived ones included, marked). */
/** The channel browser: every public channel, and the private ones the actor belongs to, archived ones included. */
export async function browseChannels(userId: string, workspaceId: string) {
  const role = await requireWorkspaceRole(db(), workspaceId, userId);
  if (role === "guest") return [];
  const rows = await db()
    .select({ ...summaryColumns, joined: sql<boolean>`${channelMembershipOf(userId)}` })
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), inArray(channels.kind, ["public", "private"]), channelReadableBy(userId)))
    .orderBy(asc(channels.name));
  return rows;
}

/** One channel the actor may read, with whether they belong to it. */
export async function getChannel(userId: string, channelId: string) {
  const { isMember } = await requireReadableChannel(db(), channelId, userId);
  return { ...(await channelSummary(db(), channelId)), isMember };
}

export async function listChannelMembers(userId: string, channelId: string) {
  await requireReadableChannel(db(), channelId, userId);
  return db()
    .select({ userId: users.id, name: users.name, image: users.image })
    .from(channelMembers)
    .innerJoin(users, eq(users.id, channelMembers.userId))
    .where(eq(channelMembers.channelId, channelId))
    .orderBy(asc(users.name));
}
