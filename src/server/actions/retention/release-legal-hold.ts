import { and, eq, isNull } from "drizzle-orm";
import { notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { legalHolds } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";

export const releaseLegalHold = defineAction({ actors: ["user"] }, async (ctx, input: { holdId: string }) => {
  const { tx, actor, services } = ctx;
  const [hold] = await tx.select().from(legalHolds).where(and(eq(legalHolds.id, input.holdId), isNull(legalHolds.releasedAt)));
  if (!hold) throw notFound("That legal hold does not exist or was released");
  await requireWorkspaceAdmin(tx, hold.workspaceId, actor.userId);
  await tx.update(legalHolds).set({ releasedAt: services.clock.now() }).where(eq(legalHolds.id, hold.id));
  await audit(tx, { workspaceId: hold.workspaceId, actorId: actor.userId, action: "legal_hold.released", detail: `${hold.kind} ${hold.targetId}` });
  return { released: true };
});
