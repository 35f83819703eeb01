import { and, asc, eq } from "drizzle-orm";
import type { MemberSummary } from "@/shared/events";
import { notFound } from "../access/errors";
import { requireWorkspaceRole, WORKSPACE_NOT_FOUND } from "../access/workspaces";
import { db } from "../db/client";
import { personStatusColumns, workspaceSummaryColumns } from "../db/projections";
import { channels, users, workspaceMembers, workspaces } from "../db/schema";

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

export async function listMembers(actorId: string, workspaceId: string): Promise<MemberSummary[]> {
  await requireWorkspaceRole(db(), workspaceId, actorId);
  return db()
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      image: users.image,
      ...personStatusColumns,
      role: workspaceMembers.role,
      joinedAt: workspaceMembers.joinedAt,
      isBot: users.isBot,
    })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(eq(workspaceMembers.workspaceId, workspaceId))
    .orderBy(asc(users.name));
}
