import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { removeMemberInput } from "@/shared/workspaces";
import { badRequest, forbidden, notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { workspaceMembers } from "../../db/schema";
import { audit, personLabel } from "../audit";
import { defineAction } from "../context";
import { deactivate, MEMBER_NOT_FOUND } from "./member-lifecycle";
import { lockOwners } from "./remove-from-workspace";

/** An admin deactivates a member (see deactivate); an owner only by another owner, and never the last one. */
export const deactivateMember = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof removeMemberInput>) => {
  const { tx, actor } = ctx;
  const actorRole = await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
  if (input.userId === actor.userId) throw badRequest("You cannot deactivate yourself; another admin can");
  const [target] = await tx
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, input.workspaceId), eq(workspaceMembers.userId, input.userId)));
  if (!target) throw notFound(MEMBER_NOT_FOUND);
  if (target.role === "owner") {
    if (actorRole !== "owner") throw forbidden("Only owners can deactivate an owner");
    if ((await lockOwners(tx, input.workspaceId)).length <= 1) throw badRequest("A workspace needs at least one owner");
  }
  const result = await deactivate(ctx, input.workspaceId, input.userId, { by: actor.userId, reason: "deactivated" });
  await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: "member.deactivated", detail: await personLabel(tx, input.userId) });
  return result;
});
