import type { UserChanges } from "../../scim/protocol";
import { audit, personLabel } from "../audit";
import { defineAction } from "../context";
import { applyActive, applyProfile, rememberExternalId, type ScimContext, standingOf } from "./scim-people";

/**
 * The IdP changes a user (PUT, PATCH) or removes them (DELETE, as `active: false`): the address and name, its
 * externalId, and whether they are active in the workspace.
 */
export const changeScimUser = defineAction({ actors: ["scim"] }, async (ctx: ScimContext, input: { userId: string; changes: UserChanges }) => {
  const { changes, userId } = input;
  const standing = await standingOf(ctx, userId);
  await applyProfile(ctx, userId, changes);
  await rememberExternalId(ctx, userId, changes.externalId);
  await applyActive(ctx, userId, changes.active, standing);
  const profileChanged = changes.userName !== undefined || changes.displayName !== undefined || changes.givenName !== undefined || changes.familyName !== undefined;
  if (profileChanged) await audit(ctx.tx, { workspaceId: ctx.actor.workspaceId, actorId: null, action: "scim.user_updated", detail: await personLabel(ctx.tx, userId) });
  return { userId };
});
