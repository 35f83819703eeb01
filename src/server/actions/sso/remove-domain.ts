import { and, eq, isNotNull } from "drizzle-orm";
import { ssoDomains, workspaces } from "../../db/schema";
import { defineAction } from "../context";
import { audit } from "../audit";
import { adminDomain } from "./claimed-domain";

export const removeDomain = defineAction({ actors: ["user"] }, async (ctx, input: { domainId: string }) => {
  const { tx, actor } = ctx;
  const claim = await adminDomain(ctx, input.domainId);
  await tx.delete(ssoDomains).where(eq(ssoDomains.id, input.domainId));
  await audit(tx, { workspaceId: claim.workspaceId, actorId: actor.userId, action: "sso.domain_removed", detail: claim.domain });
  // Requiring SSO with no verified domain left would require nothing; it is turned off with the last one.
  const [remaining] = await tx
    .select({ id: ssoDomains.id })
    .from(ssoDomains)
    .where(and(eq(ssoDomains.workspaceId, claim.workspaceId), isNotNull(ssoDomains.verifiedAt)));
  if (!remaining) await tx.update(workspaces).set({ requireSso: false }).where(eq(workspaces.id, claim.workspaceId));
});
