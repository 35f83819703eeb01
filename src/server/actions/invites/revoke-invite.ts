import { and, eq, isNull } from "drizzle-orm";
import { notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { invites } from "../../db/schema";
import { inTransaction } from "../../events";

export async function revokeInvite(actorId: string, inviteId: string) {
  await inTransaction(async (tx) => {
    const [invite] = await tx.select({ workspaceId: invites.workspaceId }).from(invites).where(eq(invites.id, inviteId));
    if (!invite) throw notFound("That invite does not exist");
    await requireWorkspaceAdmin(tx, invite.workspaceId, actorId);
    await tx
      .update(invites)
      .set({ revokedAt: new Date() })
      .where(and(eq(invites.id, inviteId), isNull(invites.revokedAt)));
  });
}
