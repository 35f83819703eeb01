import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { transferOwnershipInput } from "@/shared/workspaces";
import { badRequest, forbidden, notFound } from "../../access/errors";
import { requireWorkspaceRole } from "../../access/workspaces";
import { users, workspaceMembers } from "../../db/schema";
import { audit, personLabel } from "../audit";
import { defineAction } from "../context";
import { MEMBER_NOT_FOUND } from "./member-lifecycle";

/** An owner hands the workspace to another member, who becomes its owner while they stay on as an admin. */
export const transferOwnership = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof transferOwnershipInput>) => {
  const { tx, emit, actor } = ctx;
  const actorRole = await requireWorkspaceRole(tx, input.workspaceId, actor.userId);
  if (actorRole !== "owner") throw forbidden("Only an owner can transfer ownership");
  if (input.userId === actor.userId) throw badRequest("You already own this workspace; choose someone else");
  const [target] = await tx
    .select({ role: workspaceMembers.role, isBot: users.isBot })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(and(eq(workspaceMembers.workspaceId, input.workspaceId), eq(workspaceMembers.userId, input.userId)));
  if (!target) throw notFound(MEMBER_NOT_FOUND);
  if (target.isBot || target.role === "guest") throw badRequest("Ownership goes to a member or admin, not a guest or an app");
  const change = (userId: string, role: "owner" | "admin") =>
    tx.update(workspaceMembers).set({ role }).where(and(eq(workspaceMembers.workspaceId, input.workspaceId), eq(workspaceMembers.userId, userId)));
  await change(input.userId, "owner");
  await change(actor.userId, "admin");
  for (const [userId, role] of [[input.userId, "owner"], [actor.userId, "admin"]] as const) {
    emit(topics.workspace(input.workspaceId), { type: "workspace.member_updated", workspaceId: input.workspaceId, userId, role, deactivated: false });
  }
  await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: "workspace.ownership_transferred", detail: `to ${await personLabel(tx, input.userId)}` });
  return { ownerId: input.userId };
});
