import { eq } from "drizzle-orm";
import { userGroups } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";
import { emitGroupChanged } from "../groups/group-changes";
import { scimGroup } from "./scim-groups";
import type { ScimContext } from "./scim-people";

export const removeScimGroup = defineAction({ actors: ["scim"] }, async (ctx: ScimContext, input: { groupId: string }) => {
  const group = await scimGroup(ctx, input.groupId);
  await ctx.tx.delete(userGroups).where(eq(userGroups.id, group.id));
  await audit(ctx.tx, { workspaceId: group.workspaceId, actorId: null, action: "scim.group_deleted", detail: `@${group.handle}` });
  await emitGroupChanged(ctx, group.workspaceId, group.id);
  return { groupId: group.id };
});
