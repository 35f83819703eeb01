import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { updateWorkspaceInput } from "@/shared/workspaces";
import { badRequest, conflict } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { workspaceSummaryColumns } from "../../db/projections";
import { authSessions, users, workspaceMembers, workspaces } from "../../db/schema";
import { audit } from "../audit";
import { type ActionContext, type ActorOf, defineAction } from "../context";
import { endSessionsAndTell } from "../users/session-ended";
import { SLUG_TAKEN } from "./create-workspace";

export const SET_UP_YOUR_OWN_FIRST = "Turn on two-factor authentication for your own account first (Profile → Security), so the requirement does not sign you out";

/**
 * Requiring two-factor signs out, at once, every password session of a member without it: their next sign-in sets it
 * up. The admin turning it on must have it already (unless they sign in only through SSO, which the rule leaves alone).
 */
async function requirementChanged(ctx: ActionContext<ActorOf<"user">>, workspaceId: string, required: boolean) {
  const { tx, actor, emit } = ctx;
  await audit(tx, { workspaceId, actorId: actor.userId, action: required ? "two_factor.required" : "two_factor.optional" });
  if (!required) return;
  const [me] = await tx.select({ since: users.totpEnabledAt, hasPassword: sql<boolean>`${users.passwordHash} is not null` }).from(users).where(eq(users.id, actor.userId));
  if (me!.hasPassword && !me!.since) throw badRequest(SET_UP_YOUR_OWN_FIRST);
  const exposed = await tx
    .select({ id: authSessions.id, userId: authSessions.userId })
    .from(authSessions)
    .innerJoin(workspaceMembers, and(eq(workspaceMembers.userId, authSessions.userId), eq(workspaceMembers.workspaceId, workspaceId)))
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.method, "password"), eq(authSessions.twoFactor, false), isNull(authSessions.revokedAt), isNull(users.totpEnabledAt)));
  const byUser = new Map<string, string[]>();
  for (const row of exposed) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.id]);
  for (const [userId, sessionIds] of byUser) await endSessionsAndTell(tx, emit, userId, { only: sessionIds });
}

export const updateWorkspace = defineAction({ actors: ["user"], onUniqueViolation: () => conflict(SLUG_TAKEN) }, async (ctx, input: z.output<typeof updateWorkspaceInput>) => {
  const { tx, emit, actor } = ctx;
  await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
  if (input.slug) {
    const [taken] = await tx
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(and(eq(workspaces.slug, input.slug), ne(workspaces.id, input.workspaceId)));
    if (taken) throw conflict(SLUG_TAKEN);
  }
  const [workspace] = await tx
    .update(workspaces)
    .set({
      ...(input.name && { name: input.name }),
      ...(input.slug && { slug: input.slug }),
      ...(input.readReceipts !== undefined && { readReceipts: input.readReceipts }),
      ...(input.membersCanCreateApps !== undefined && { membersCanCreateApps: input.membersCanCreateApps }),
      ...(input.pushContent && { pushContent: input.pushContent }),
      ...(input.requireTwoFactor !== undefined && { requireTwoFactor: input.requireTwoFactor }),
      ...(input.deletedAccountMessages && { deletedAccountMessages: input.deletedAccountMessages }),
      ...(input.membersCanManageGroups !== undefined && { membersCanManageGroups: input.membersCanManageGroups }),
      ...(input.retentionDays !== undefined && { retentionDays: input.retentionDays }),
    })
    .where(eq(workspaces.id, input.workspaceId))
    .returning(workspaceSummaryColumns);
  if (input.requireTwoFactor !== undefined) await requirementChanged(ctx, input.workspaceId, input.requireTwoFactor);
  if (input.retentionDays !== undefined) {
    await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: "retention.workspace_set", detail: input.retentionDays === null ? "forever" : `${input.retentionDays} days` });
  }
  emit(topics.workspace(workspace!.id), { type: "workspace.updated", workspace: workspace! });
  return workspace!;
});
