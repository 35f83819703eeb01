import { and, eq, inArray, notInArray } from "drizzle-orm";
import { topics } from "@/shared/events";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { CHANNEL_NOT_FOUND, requireReadableChannel } from "../../access/channels";
import { badRequest, forbidden, notFound } from "../../access/errors";
import { requireWorkspaceRole } from "../../access/workspaces";
import { channels, userGroupChannels, userGroupMembers, userGroups, workspaceMembers, workspaces } from "../../db/schema";
import { userGroupViews } from "../../queries/user-groups";
import { addToChannel } from "../channels/add-to-channel";
import type { ActionContext } from "../context";

export const GROUP_NOT_FOUND = "That group does not exist";
export const HANDLE_TAKEN = "Another group already has that handle";

/** Admins manage user groups; members too where the workspace allows it; guests never. */
export async function requireGroupManager(ctx: ActionContext<{ kind: "user"; userId: string }>, workspaceId: string) {
  const role = await requireWorkspaceRole(ctx.tx, workspaceId, ctx.actor.userId);
  if (isWorkspaceAdmin(role)) return;
  const [workspace] = await ctx.tx.select({ allowed: workspaces.membersCanManageGroups }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (role === "guest" || !workspace?.allowed) throw forbidden("Only workspace admins can manage user groups here");
}

export async function groupInWorkspace(ctx: ActionContext, groupId: string) {
  const [group] = await ctx.tx.select().from(userGroups).where(eq(userGroups.id, groupId)).for("update");
  if (!group) throw notFound(GROUP_NOT_FOUND);
  return group;
}

/**
 * The group's people become exactly `userIds` (members of the workspace only); those new to it join its default
 * channels, as Slack's do.
 */
export async function setGroupMembers(ctx: ActionContext, group: { id: string; workspaceId: string }, userIds: string[]) {
  const { tx } = ctx;
  const wanted = [...new Set(userIds)];
  const members = wanted.length
    ? await tx
        .select({ userId: workspaceMembers.userId })
        .from(workspaceMembers)
        .where(and(eq(workspaceMembers.workspaceId, group.workspaceId), inArray(workspaceMembers.userId, wanted)))
    : [];
  if (members.length !== wanted.length) throw notFound("Someone in that list is not a member of this workspace");
  await requireGuestsByAdmins(ctx, group, wanted);
  await tx.delete(userGroupMembers).where(and(eq(userGroupMembers.groupId, group.id), wanted.length ? notInArray(userGroupMembers.userId, wanted) : undefined));
  const added = wanted.length
    ? await tx.insert(userGroupMembers).values(wanted.map((userId) => ({ groupId: group.id, userId }))).onConflictDoNothing().returning({ userId: userGroupMembers.userId })
    : [];
  if (added.length === 0) return;
  const defaults = await tx.select({ channelId: userGroupChannels.channelId }).from(userGroupChannels).where(eq(userGroupChannels.groupId, group.id));
  for (const { channelId } of defaults) await addToChannel(ctx, channelId, added.map((row) => row.userId));
}

/**
 * A group with default channels hands them to its people, so only admins (and the IdP) put guests in one: as with
 * adding a guest to a channel by hand.
 */
async function requireGuestsByAdmins(ctx: ActionContext, group: { id: string; workspaceId: string }, userIds: string[]) {
  if (ctx.actor.kind !== "user" || userIds.length === 0) return;
  const { tx } = ctx;
  const [hasChannels] = await tx.select({ id: userGroupChannels.channelId }).from(userGroupChannels).where(eq(userGroupChannels.groupId, group.id)).limit(1);
  if (!hasChannels) return;
  const [guest] = await tx
    .select({ userId: workspaceMembers.userId })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, group.workspaceId), inArray(workspaceMembers.userId, userIds), eq(workspaceMembers.role, "guest")))
    .limit(1);
  if (guest && !isWorkspaceAdmin(await requireWorkspaceRole(tx, group.workspaceId, ctx.actor.userId))) throw forbidden("Only admins can put a guest in a group with default channels");
}

/** The group's default channels become exactly these: public or private channels of its workspace the actor can read. */
export async function setGroupChannels(ctx: ActionContext, group: { id: string; workspaceId: string }, channelIds: string[]) {
  const { tx, actor } = ctx;
  const wanted = [...new Set(channelIds)];
  // A private channel the actor is not in does not exist for them, here as anywhere.
  if (actor.kind === "user") for (const channelId of wanted) await requireReadableChannel(tx, channelId, actor.userId);
  const found = wanted.length
    ? await tx
        .select({ id: channels.id })
        .from(channels)
        .where(and(eq(channels.workspaceId, group.workspaceId), inArray(channels.id, wanted), inArray(channels.kind, ["public", "private"])))
    : [];
  if (found.length !== wanted.length) throw notFound(CHANNEL_NOT_FOUND);
  await tx.delete(userGroupChannels).where(eq(userGroupChannels.groupId, group.id));
  if (wanted.length) await tx.insert(userGroupChannels).values(wanted.map((channelId) => ({ groupId: group.id, channelId })));
}

export async function refuseTakenHandle(ctx: ActionContext, workspaceId: string, handle: string, exceptGroupId?: string) {
  const [taken] = await ctx.tx.select({ id: userGroups.id }).from(userGroups).where(and(eq(userGroups.workspaceId, workspaceId), eq(userGroups.handle, handle)));
  if (taken && taken.id !== exceptGroupId) throw badRequest(HANDLE_TAKEN);
}

/** Everyone in the workspace hears of the group as it is now (or that it is gone). */
export async function emitGroupChanged(ctx: ActionContext, workspaceId: string, groupId: string) {
  const [group] = await userGroupViews(ctx.tx, { groupIds: [groupId] });
  ctx.emit(topics.workspace(workspaceId), { type: "user_group.changed", workspaceId, groupId, group: group ?? null });
  return group ?? null;
}
