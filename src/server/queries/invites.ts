import { and, count, desc, eq, isNull } from "drizzle-orm";
import { requireWorkspaceAdmin } from "../access/workspaces";
import { db } from "../db/client";
import { invites, users, workspaceMembers, workspaces } from "../db/schema";

type InviteState = Pick<typeof invites.$inferSelect, "revokedAt" | "expiresAt" | "maxUses" | "uses">;

/** Why an invite can no longer be used, in words for the person holding the link; null when it still works. */
export function inviteProblem(invite: InviteState, now: Date): string | null {
  if (invite.revokedAt) return "This invite link has been revoked. Ask the person who sent it for a new one.";
  if (invite.expiresAt && invite.expiresAt <= now) return "This invite link has expired. Ask for a new one.";
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) {
    return "This invite link has been used as many times as allowed. Ask for a new one.";
  }
  return null;
}

/** What the invite page shows before anyone signs in: enough to decide, nothing more. */
export async function invitePreview(token: string) {
  const [row] = await db()
    .select({
      invite: invites,
      workspaceName: workspaces.name,
      workspaceSlug: workspaces.slug,
      inviterName: users.name,
    })
    .from(invites)
    .innerJoin(workspaces, eq(workspaces.id, invites.workspaceId))
    .leftJoin(users, eq(users.id, invites.createdBy))
    .where(eq(invites.token, token));
  if (!row) return null;
  const [{ members } = { members: 0 }] = await db()
    .select({ members: count() })
    .from(workspaceMembers)
    .where(eq(workspaceMembers.workspaceId, row.invite.workspaceId));
  return {
    workspaceName: row.workspaceName,
    workspaceSlug: row.workspaceSlug,
    inviterName: row.inviterName,
    role: row.invite.role,
    memberCount: members,
    problem: inviteProblem(row.invite, new Date()),
  };
}

export async function listInvites(actorId: string, workspaceId: string) {
  await requireWorkspaceAdmin(db(), workspaceId, actorId);
  const rows = await db()
    .select({ invite: invites, createdByName: users.name })
    .from(invites)
    .leftJoin(users, eq(users.id, invites.createdBy))
    .where(and(eq(invites.workspaceId, workspaceId), isNull(invites.revokedAt)))
    .orderBy(desc(invites.createdAt));
  const now = new Date();
  return rows.map(({ invite, createdByName }) => ({
    id: invite.id,
    token: invite.token,
    role: invite.role,
    expiresAt: invite.expiresAt,
    maxUses: invite.maxUses,
    uses: invite.uses,
    createdAt: invite.createdAt,
    createdByName,
    problem: inviteProblem(invite, now),
  }));
}
