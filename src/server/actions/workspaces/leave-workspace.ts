import { badRequest } from "../../access/errors";
import { requireWorkspaceRole } from "../../access/workspaces";
import { defineAction } from "../context";
import { lockOwners, removeFromWorkspace } from "./remove-from-workspace";

export const LAST_OWNER =
  "You are the last owner of this workspace. Make someone else an owner before you leave.";

export const leaveWorkspace = defineAction({ actors: ["user"] }, async (ctx, input: { workspaceId: string }) => {
  const { tx, actor } = ctx;
  const role = await requireWorkspaceRole(tx, input.workspaceId, actor.userId);
  if (role === "owner") {
    const owners = await lockOwners(tx, input.workspaceId);
    if (owners.length <= 1) throw badRequest(LAST_OWNER);
  }
  await removeFromWorkspace(ctx, input.workspaceId, actor.userId);
});
