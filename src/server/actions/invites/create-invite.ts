import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { type createInviteInput, INVITE_EXPIRY_CHOICES } from "@/shared/workspaces";
import { forbidden } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { invites } from "../../db/schema";
import { defineAction } from "../context";

export const createInvite = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof createInviteInput>) => {
  const { tx, actor, services } = ctx;
  const actorRole = await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
  if (input.role === "admin" && actorRole !== "owner") throw forbidden("Only owners can invite admins");
  const lifetime = INVITE_EXPIRY_CHOICES[input.expiresIn];
  const [invite] = await tx
    .insert(invites)
    .values({
      workspaceId: input.workspaceId,
      // 192 bits: the link is the only secret guarding the workspace.
      token: randomBytes(24).toString("base64url"),
      role: input.role,
      createdBy: actor.userId,
      expiresAt: lifetime === null ? null : new Date(services.clock.now().getTime() + lifetime),
      maxUses: input.maxUses,
    })
    .returning();
  return invite!;
});
