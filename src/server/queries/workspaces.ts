import { and, asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { MemberSummary } from "@/shared/events";
import type { DirectoryEntry, memberDirectoryInput, WorkspaceRole } from "@/shared/workspaces";
import { forbidden, notFound } from "../access/errors";
import { rowsOf } from "../db/prepared";
import { requireWorkspaceRole, WORKSPACE_NOT_FOUND } from "../access/workspaces";
import { db } from "../db/client";
import { personStatusColumns, workspaceSummaryColumns } from "../db/projections";
import { channelMembers, channels, deactivatedMembers, users, workspaceMembers, workspaces } from "../db/schema";
import { likeContaining } from "../db/like";

export async function listMyWorkspaces(userId: string) {
  return db()
    .select({ ...workspaceSummaryColumns, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, userId))
    .orderBy(asc(workspaceMembers.joinedAt));
}

/** The workspace behind a URL, for a member; NOT_FOUND for everyone else. */
export async function getWorkspaceBySlug(userId: string, slug: string) {
  const [row] = await db()
    .select({ ...workspaceSummaryColumns, role: workspaceMembers.role })
    .from(workspaces)
    .innerJoin(
      workspaceMembers,
      and(eq(workspaceMembers.workspaceId, workspaces.id), eq(workspaceMembers.userId, userId)),
    )
    .where(eq(workspaces.slug, slug));
  if (!row) throw notFound(WORKSPACE_NOT_FOUND);
  const [general] = await db()
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.workspaceId, row.id), eq(channels.isDefault, true)));
  return { ...row, generalChannelId: general?.id ?? null };
}

/**
 * Everyone a member sees in the workspace: its members, and those deactivated (marked, so their messages still name
 * them). A guest sees only the people of their own channels.
 */
export async function listMembers(actorId: string, workspaceId: string): Promise<MemberSummary[]> {
  const role = await requireWorkspaceRole(db(), workspaceId, actorId);
  const person = { userId: users.id, name: users.name, email: users.email, image: users.image, ...personStatusColumns, isBot: users.isBot };
  const guestSees = sql`${users.id} in (select theirs.user_id from ${channelMembers} mine
    join ${channelMembers} theirs on theirs.channel_id = mine.channel_id
    join ${channels} on ${channels.id} = mine.channel_id
    where mine.user_id = ${actorId} and ${channels.workspaceId} = ${workspaceId})`;
  const [active, gone] = await Promise.all([
    db()
      .select({ ...person, role: workspaceMembers.role, joinedAt: workspaceMembers.joinedAt, singleChannel: workspaceMembers.singleChannel, deactivated: sql<boolean>`false` })
      .from(workspaceMembers)
      .innerJoin(users, eq(users.id, workspaceMembers.userId))
      .where(and(eq(workspaceMembers.workspaceId, workspaceId), role === "guest" ? guestSees : undefined)),
    db()
      .select({ ...person, role: deactivatedMembers.role, joinedAt: deactivatedMembers.joinedAt, singleChannel: deactivatedMembers.singleChannel, deactivated: sql<boolean>`true` })
      .from(deactivatedMembers)
      .innerJoin(users, eq(users.id, deactivatedMembers.userId))
      .where(and(eq(deactivatedMembers.workspaceId, workspaceId), role === "guest" ? guestSees : undefined)),
  ]);
  return [...active, ...gone].sort((a, b) => a.name.localeCompare(b.name));
}


/**
 * Settings → Members for workspaces of any size: members and deactivated people in one list, searched by name or
 * email, filtered by role and status, a page at a time in name order, with the counts the filters show.
 */
export async function memberDirectory(actorId: string, input: z.output<typeof memberDirectoryInput>) {
  const role = await requireWorkspaceRole(db(), input.workspaceId, actorId);
  if (role === "guest") throw forbidden("Guests cannot browse the member directory");
  const pattern = likeContaining(input.query.toLowerCase());
  const people = sql`(
    select ${users.id} as user_id, ${users.name} as name, ${users.email} as email, ${users.image} as image, ${workspaceMembers.role}::text as role,
      ${workspaceMembers.singleChannel} as single_channel, false as deactivated, ${users.isBot} as is_bot, ${users.totpEnabledAt} is not null as two_factor,
      ${workspaceMembers.joinedAt} as joined_at, null::timestamptz as deactivated_at
    from ${workspaceMembers} join ${users} on ${users.id} = ${workspaceMembers.userId} where ${workspaceMembers.workspaceId} = ${input.workspaceId}
    union all
    select ${users.id}, ${users.name}, ${users.email}, ${users.image}, ${deactivatedMembers.role}::text,
      ${deactivatedMembers.singleChannel}, true, ${users.isBot}, ${users.totpEnabledAt} is not null,
      ${deactivatedMembers.joinedAt}, ${deactivatedMembers.deactivatedAt}
    from ${deactivatedMembers} join ${users} on ${users.id} = ${deactivatedMembers.userId} where ${deactivatedMembers.workspaceId} = ${input.workspaceId}
  ) people`;
  const searched = input.query ? sql`(lower(name) like ${pattern} or email like ${pattern})` : sql`true`;
  const filters = sql`${searched}
    and ${input.role === "any" ? sql`true` : sql`role = ${input.role}`}
    and ${input.status === "any" ? sql`true` : sql`deactivated = ${input.status === "deactivated"}`}`;
  const after = input.cursor ? sql`and (lower(name), user_id) > (lower(${input.cursor.name}), ${input.cursor.userId})` : sql``;
  const [pageRows, countRows] = await Promise.all([
    db().execute(sql`select * from ${people} where ${filters} ${after} order by lower(name), user_id limit ${input.limit + 1}`),
    db().execute(sql`select count(*) filter (where not deactivated)::int as active, count(*) filter (where deactivated)::int as deactivated,
      count(*) filter (where role = 'guest' and not deactivated)::int as guests, count(*) filter (where ${filters})::int as matching from ${people}`),
  ]);
  type Row = { user_id: string; name: string; email: string; image: string | null; role: WorkspaceRole; single_channel: boolean; deactivated: boolean; is_bot: boolean; two_factor: boolean; joined_at: string | Date; deactivated_at: string | Date | null };
  const rows = rowsOf<Row>(pageRows);
  const members: DirectoryEntry[] = rows.slice(0, input.limit).map((row) => ({
    userId: row.user_id,
    name: row.name,
    email: row.email,
    image: row.image,
    role: row.role,
    singleChannel: row.single_channel,
    deactivated: row.deactivated,
    isBot: row.is_bot,
    twoFactor: row.two_factor,
    joinedAt: new Date(row.joined_at),
    deactivatedAt: row.deactivated_at === null ? null : new Date(row.deactivated_at),
  }));
  const last = members.at(-1);
  const counts = rowsOf<{ active: number; deactivated: number; guests: number; matching: number }>(countRows)[0]!;
  return { members, next: rows.length > input.limit && last ? { name: last.name, userId: last.userId } : null, counts };
}
