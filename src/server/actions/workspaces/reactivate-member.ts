import type { z } from "zod";
import type { removeMemberInput } from "@/shared/workspaces";
import { forbidden } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { audit, personLabel } from "../audit";
import { defineAction } from "../context";
import { reactivate } from "./member-lifecycle";

/** An admin gives a deactivated member back their place: role, channels, read positions; they can sign in again. */
export const reactivateMember = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof removeMemberInput>) => {
  const { tx, actor } = ctx;
  const actorRole = await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
  const result = await reactivate(ctx, input.workspaceId, input.userId);
  if (result.role === "owner" && actorRole !== "owner") throw forbidden("Only owners can reactivate an owner");
  await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: "member.reactivated", detail: await personLabel(tx, input.userId) });
  return result;
});
