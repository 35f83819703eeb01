import type { GroupChanges } from "../../scim/protocol";
import { audit } from "../audit";
import { defineAction } from "../context";
import { emitGroupChanged } from "../groups/group-changes";
import { applyGroupChanges, scimGroup } from "./scim-groups";
import type { ScimContext } from "./scim-people";

/** PUT and PATCH /Groups/:id: renames, externalId, members added, removed or replaced. */
export const changeScimGroup = defineAction({ actors: ["scim"] }, async (ctx: ScimContext, input: { groupId: string; changes: GroupChanges }) => {
  const group = await scimGroup(ctx, input.groupId);
  await applyGroupChanges(ctx, group, input.changes);
  await audit(ctx.tx, { workspaceId: group.workspaceId, actorId: null, action: "scim.group_updated", detail: `@${group.handle}` });
  await emitGroupChanged(ctx, group.workspaceId, group.id);
  return { groupId: group.id };
});
