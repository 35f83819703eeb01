import { and, eq, inArray, like } from "drizzle-orm";
import { slugify } from "@/shared/workspaces";
import { userGroupMembers, userGroups, workspaceMembers } from "../../db/schema";
import type { GroupChanges } from "../../scim/protocol";
import { groupInWorkspace, setGroupMembers } from "../groups/group-changes";
import { SCIM_USER_NOT_FOUND, type ScimContext } from "./scim-people";
import { notFound } from "../../access/errors";

/** A handle from the IdP's display name ("Design Team" → design-team), made unique in the workspace with -2, -3…. */
export async function handleFor(ctx: ScimContext, displayName: string): Promise<string> {
  const base = slugify(displayName) || "group";
  const taken = new Set(
    (await ctx.tx.select({ handle: userGroups.handle }).from(userGroups).where(and(eq(userGroups.workspaceId, ctx.actor.workspaceId), like(userGroups.handle, `${base}%`)))).map((row) => row.handle),
  );
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}

/** A group of the token's workspace, or NOT_FOUND as for any other workspace's. */
export async function scimGroup(ctx: ScimContext, groupId: string) {
  const group = await groupInWorkspace(ctx, groupId);
  if (group.workspaceId !== ctx.actor.workspaceId) throw notFound("No such group in this workspace");
  return group;
}

/** SCIM names people by id; each must be an active member of the workspace. */
async function requireMembers(ctx: ScimContext, userIds: string[]) {
  if (userIds.length === 0) return;
  const found = await ctx.tx
    .select({ userId: workspaceMembers.userId })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, ctx.actor.workspaceId), inArray(workspaceMembers.userId, userIds)));
  if (found.length !== new Set(userIds).size) throw notFound(SCIM_USER_NOT_FOUND);
}

export async function applyGroupChanges(ctx: ScimContext, group: { id: string; workspaceId: string }, changes: GroupChanges) {
  const { tx } = ctx;
  if (changes.displayName !== undefined || changes.externalId !== undefined) {
    await tx
      .update(userGroups)
      .set({ ...(changes.displayName && { name: changes.displayName.trim().slice(0, 80) }), ...(changes.externalId !== undefined && { externalId: changes.externalId }), updatedAt: ctx.services.clock.now() })
      .where(eq(userGroups.id, group.id));
  }
  const current = (await tx.select({ userId: userGroupMembers.userId }).from(userGroupMembers).where(eq(userGroupMembers.groupId, group.id))).map((row) => row.userId);
  let wanted = changes.replaceMembers ?? current;
  await requireMembers(ctx, [...(changes.replaceMembers ?? []), ...(changes.addMembers ?? [])]);
  wanted = [...new Set([...wanted, ...(changes.addMembers ?? [])])].filter((userId) => !changes.removeMembers?.includes(userId));
  if (changes.replaceMembers || changes.addMembers || changes.removeMembers) {
    await setGroupMembers(ctx, group, wanted);
    await tx.update(userGroups).set({ updatedAt: ctx.services.clock.now() }).where(eq(userGroups.id, group.id));
  }
}

