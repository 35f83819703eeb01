import { badRequest } from "../../access/errors";
import { requireWorkspaceRole } from "../../access/workspaces";
import { inTransaction } from "../../events";
import { lockOwners, removeFromWorkspace } from "./remove-from-workspace";

export const LAST_OWNER =
  "You are the last owner of this workspace. Make someone else an owner before you leave.";

export async function leaveWorkspace(actorId: string, workspaceId: string) {
  await inTransaction(async (tx, emit) => {
    const role = await requireWorkspaceRole(tx, workspaceId, actorId);
    if (role === "owner") {
      const owners = await lockOwners(tx, workspaceId);
      if (owners.length <= 1) throw badRequest(LAST_OWNER);
    }
    await removeFromWorkspace(tx, emit, workspaceId, actorId);
  });
}
