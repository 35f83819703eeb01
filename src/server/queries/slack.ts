import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { ChannelKind } from "@/shared/channels";
import { channelReadableBy, requireReadableChannel } from "../access/channels";
import { notFound } from "../access/errors";
import { db } from "../db/client";
import { apps, channelMembers, channels, messages, users, workspaceMembers } from "../db/schema";
import { parseSlackTs } from "../slack/ids";

/** The message a Slack ts names in a channel the actor may read (see toSlackTs), or null. */
export async function messageIdForTs(actorId: string, channelId: string, ts: unknown): Promise<string | null> {
  const parsed = parseSlackTs(ts);
  if (!parsed) return null;
  const { channel } = await requireReadableChannel(db(), channelId, actorId);
  const candidates: number[] = [];
  for (let seq = parsed.seqModulo; seq <= channel.lastSeq; seq += 1_000_000) if (seq > 0) candidates.push(seq);
  if (candidates.length === 0) return null;
  const [row] = await db()
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.channelId, channelId),
        inArray(messages.seq, candidates),
        sql`floor(extract(epoch from ${messages.createdAt})) = ${parsed.second}`,
      ),
    );
  return row?.id ?? null;
}

/** Conversations the actor may read in its workspace, of the kinds asked, in a stable order for cursor paging. */
export async function readableConversations(
  actorId: string,
  workspaceId: string,
  kinds: readonly ChannelKind[],
  options: { after: string | null; limit: number; excludeArchived: boolean; memberOf?: string },
) {
  const rows = await db()
    .select({
      channel: channels,
      isMember: sql<boolean>`exists (select 1 from ${channelMembers} where ${channelMembers.channelId} = ${channels.id} and ${channelMembers.userId} = ${actorId})`,
      memberCount: sql<number>`(select count(*)::int from ${channelMembers} where ${channelMembers.channelId} = ${channels.id})`,
    })
    .from(channels)
    .where(
      and(
        eq(channels.workspaceId, workspaceId),
        inArray(channels.kind, [...kinds]),
        channelReadableBy(actorId),
        options.excludeArchived ? sql`${channels.archivedAt} is null` : undefined,
        // users.conversations: only those this person is in, of those the app may see.
        options.memberOf ? sql`exists (select 1 from ${channelMembers} where ${channelMembers.channelId} = ${channels.id} and ${channelMembers.userId} = ${options.memberOf})` : undefined,
        options.after ? gt(channels.id, options.after) : undefined,
      ),
    )
    .orderBy(asc(channels.id))
    .limit(options.limit + 1);
  return { conversations: rows.slice(0, options.limit), more: rows.length > options.limit };
}

/** The workspace's people and bots, for users.list, in a stable order for cursor paging. */
export async function workspacePeople(workspaceId: string, options: { after: string | null; limit: number }) {
  const rows = await db()
    .select({ user: users, role: workspaceMembers.role, appId: apps.id })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .leftJoin(apps, eq(apps.botUserId, users.id))
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), options.after ? gt(users.id, options.after) : undefined))
    .orderBy(asc(users.id))
    .limit(options.limit + 1);
  return { people: rows.slice(0, options.limit), more: rows.length > options.limit };
}

/** One member of the workspace, or NOT_FOUND (someone outside it does not exist for its apps). */
export async function workspacePerson(workspaceId: string, where: { userId: string } | { email: string }) {
  const [row] = await db()
    .select({ user: users, role: workspaceMembers.role, appId: apps.id })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .leftJoin(apps, eq(apps.botUserId, users.id))
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), "userId" in where ? eq(users.id, where.userId) : sql`lower(${users.email}) = ${where.email.toLowerCase()}`));
  if (!row) throw notFound("No such person in this workspace");
  return row;
}

/**
 * conversations.history's `latest` / `oldest` (Slack timestamps, a message's ts or any moment) as seq bounds, both
 * exclusive: messages are those with `after < seq < before`. A message's own ts is exact (and `inclusive` takes it
 * in); any other moment is the messages written before it or from it on.
 */
export async function historyBounds(actorId: string, channelId: string, input: { latest?: unknown; oldest?: unknown; inclusive: boolean }) {
  const bound = async (ts: unknown, side: "latest" | "oldest"): Promise<number | undefined> => {
    if (ts === undefined || ts === "" || ts === null) return undefined;
    const seconds = Number(ts);
    if (!Number.isFinite(seconds)) return undefined;
    const exact = await messageIdForTs(actorId, channelId, String(ts));
    if (exact) {
      const [row] = await db().select({ seq: messages.seq }).from(messages).where(eq(messages.id, exact));
      if (side === "latest") return row!.seq + (input.inclusive ? 1 : 0);
      return row!.seq - (input.inclusive ? 1 : 0);
    }
    const [row] = await db()
      .select({ seq: sql<number | null>`max(${messages.seq})` })
      .from(messages)
      .where(and(eq(messages.channelId, channelId), sql`${messages.createdAt} ${side === "latest" ? sql`<=` : sql`<`} to_timestamp(${seconds})`));
    const before = Number(row?.seq ?? 0);
    return side === "latest" ? before + 1 : before;
  };
  return { before: await bound(input.latest, "latest"), after: await bound(input.oldest, "oldest") };
}
