import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { changeRoleInput } from "@/shared/workspaces";
import { badRequest, forbidden, notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { workspaceMembers } from "../../db/schema";
import { audit, personLabel } from "../audit";
import { defineAction } from "../context";
import { lockOwners } from "./remove-from-workspace";

import { MEMBER_NOT_FOUND } from "./member-lifecycle";

export const changeMemberRole = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof changeRoleInput>) => {
  const { tx, emit, actor } = ctx;
  const actorRole = await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
  const [target] = await tx
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, input.workspaceId), eq(workspaceMembers.userId, input.userId)));
  if (!target) throw notFound(MEMBER_NOT_FOUND);
  if ((target.role === "owner" || input.role === "owner") && actorRole !== "owner") {
    throw forbidden("Only owners can make or unmake owners");
  }
  if (target.role === input.role) return { role: target.role };
  if (target.role === "owner") {
    const owners = await lockOwners(tx, input.workspaceId);
    if (owners.length <= 1) throw badRequest("A workspace needs at least one owner; make someone else an owner first");
  }
  await tx
    .update(workspaceMembers)
    // A guest made a member or admin is no longer limited to one channel.
    .set({ role: input.role, ...(input.role !== "guest" && { singleChannel: false }) })
    .where(and(eq(workspaceMembers.workspaceId, input.workspaceId), eq(workspaceMembers.userId, input.userId)));
  emit(topics.workspace(input.workspaceId), {
    type: "workspace.member_updated",
    workspaceId: input.workspaceId,
    userId: input.userId,
    role: input.role,
    deactivated: false,
  });
  await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: "member.role_changed", detail: `${await personLabel(tx, input.userId)}: ${target.role} → ${input.role}` });
  return { role: input.role };
});
