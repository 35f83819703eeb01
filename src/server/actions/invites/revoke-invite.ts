import { and, eq, isNull } from "drizzle-orm";
import { notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { invites } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";

export const revokeInvite = defineAction({ actors: ["user"] }, async (ctx, input: { inviteId: string }) => {
  const { tx, actor, services } = ctx;
  const [invite] = await tx.select({ workspaceId: invites.workspaceId, role: invites.role }).from(invites).where(eq(invites.id, input.inviteId));
  if (!invite) throw notFound("That invite does not exist");
  await requireWorkspaceAdmin(tx, invite.workspaceId, actor.userId);
  await tx
    .update(invites)
    .set({ revokedAt: services.clock.now() })
    .where(and(eq(invites.id, input.inviteId), isNull(invites.revokedAt)));
  await audit(tx, { workspaceId: invite.workspaceId, actorId: actor.userId, action: "invite.revoked", detail: `${invite.role} link` });
});
