import { userGroups } from "../../db/schema";
import type { GroupChanges } from "../../scim/protocol";
import { audit } from "../audit";
import { defineAction } from "../context";
import { emitGroupChanged } from "../groups/group-changes";
import { applyGroupChanges, handleFor } from "./scim-groups";
import type { ScimContext } from "./scim-people";

/** POST /Groups: a user group whose handle comes from the IdP's display name. */
export const provisionScimGroup = defineAction({ actors: ["scim"] }, async (ctx: ScimContext, changes: GroupChanges & { displayName: string }) => {
  const { tx, actor } = ctx;
  const [group] = await tx
    .insert(userGroups)
    .values({ workspaceId: actor.workspaceId, handle: await handleFor(ctx, changes.displayName), name: changes.displayName.trim().slice(0, 80), externalId: changes.externalId ?? null })
    .returning();
  await applyGroupChanges(ctx, group!, { replaceMembers: changes.replaceMembers });
  await audit(tx, { workspaceId: actor.workspaceId, actorId: null, action: "scim.group_created", detail: `@${group!.handle}` });
  await emitGroupChanged(ctx, actor.workspaceId, group!.id);
  return { groupId: group!.id };
});
