import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { removeMemberInput } from "@/shared/workspaces";
import { badRequest, forbidden, notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { workspaceMembers } from "../../db/schema";
import { defineAction } from "../context";
import { MEMBER_NOT_FOUND } from "./member-lifecycle";
import { removeFromWorkspace } from "./remove-from-workspace";

export const removeMember = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof removeMemberInput>) => {
  const { tx, actor } = ctx;
  const actorRole = await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
  if (input.userId === actor.userId) throw badRequest("To remove yourself, leave the workspace instead");
  const [target] = await tx
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, input.workspaceId), eq(workspaceMembers.userId, input.userId)));
  if (!target) throw notFound(MEMBER_NOT_FOUND);
  if (target.role === "owner" && actorRole !== "owner") throw forbidden("Only owners can remove an owner");
  await removeFromWorkspace(ctx, input.workspaceId, input.userId);
});
