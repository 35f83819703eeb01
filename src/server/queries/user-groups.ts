import { asc, eq, inArray } from "drizzle-orm";
import type { UserGroupView } from "@/shared/user-groups";
import { requireWorkspaceRole } from "../access/workspaces";
import { db, type Db, type Tx } from "../db/client";
import { userGroupChannels, userGroupMembers, userGroups } from "../db/schema";

/** Groups with their members and default channels, by workspace or by id. */
export async function userGroupViews(database: Db | Tx, where: { workspaceId: string } | { groupIds: string[] }): Promise<UserGroupView[]> {
  const groups = await database
    .select()
    .from(userGroups)
    .where("workspaceId" in where ? eq(userGroups.workspaceId, where.workspaceId) : inArray(userGroups.id, where.groupIds.length ? where.groupIds : [""]))
    .orderBy(asc(userGroups.handle));
  if (groups.length === 0) return [];
  const ids = groups.map((group) => group.id);
  const [members, channels] = await Promise.all([
    database.select().from(userGroupMembers).where(inArray(userGroupMembers.groupId, ids)),
    database.select().from(userGroupChannels).where(inArray(userGroupChannels.groupId, ids)),
  ]);
  return groups.map((group) => ({
    id: group.id,
    workspaceId: group.workspaceId,
    handle: group.handle,
    name: group.name,
    description: group.description,
    memberIds: members.filter((row) => row.groupId === group.id).map((row) => row.userId).sort(),
    channelIds: channels.filter((row) => row.groupId === group.id).map((row) => row.channelId).sort(),
  }));
}

export async function listUserGroups(userId: string, workspaceId: string): Promise<UserGroupView[]> {
  await requireWorkspaceRole(db(), workspaceId, userId);
  return userGroupViews(db(), { workspaceId });
}
