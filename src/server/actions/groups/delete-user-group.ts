import { eq } from "drizzle-orm";
import { userGroups } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";
import { emitGroupChanged, groupInWorkspace, requireGroupManager } from "./group-changes";

/** The handle stops mentioning anyone; messages that used it keep their text. */
export const deleteUserGroup = defineAction({ actors: ["user"] }, async (ctx, input: { groupId: string }) => {
  const group = await groupInWorkspace(ctx, input.groupId);
  await requireGroupManager(ctx, group.workspaceId);
  await ctx.tx.delete(userGroups).where(eq(userGroups.id, group.id));
  await audit(ctx.tx, { workspaceId: group.workspaceId, actorId: ctx.actor.userId, action: "group.deleted", detail: `@${group.handle}` });
  await emitGroupChanged(ctx, group.workspaceId, group.id);
  return { deleted: true };
});
