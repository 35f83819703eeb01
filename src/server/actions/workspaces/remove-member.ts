import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { removeMemberInput } from "@/shared/workspaces";
import { badRequest, forbidden, notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { workspaceMembers } from "../../db/schema";
import { inTransaction } from "../../events";
import { MEMBER_NOT_FOUND } from "./change-member-role";
import { removeFromWorkspace } from "./remove-from-workspace";

export async function removeMember(actorId: string, input: z.output<typeof removeMemberInput>) {
  await inTransaction(async (tx, emit) => {
    const actorRole = await requireWorkspaceAdmin(tx, input.workspaceId, actorId);
    if (input.userId === actorId) throw badRequest("To remove yourself, leave the workspace instead");
    const [target] = await tx
      .select({ role: workspaceMembers.role })
      .from(workspaceMembers)
      .where(and(eq(workspaceMembers.workspaceId, input.workspaceId), eq(workspaceMembers.userId, input.userId)));
    if (!target) throw notFound(MEMBER_NOT_FOUND);
    if (target.role === "owner" && actorRole !== "owner") throw forbidden("Only owners can remove an owner");
    await removeFromWorkspace(tx, emit, input.workspaceId, input.userId);
  });
}
