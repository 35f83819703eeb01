import { eq } from "drizzle-orm";
import { badRequest, conflict } from "../../access/errors";
import { hasVerificationRecord } from "../../auth/domain-verification";
import { ssoDomains } from "../../db/schema";
import { defineAction } from "../context";
import { audit } from "../audit";
import { adminDomain, DOMAIN_TAKEN } from "./claimed-domain";

/** Looks for the TXT record now; verified on success, and a readable reason otherwise. */
export const verifyDomain = defineAction({ actors: ["user"], transaction: false, onUniqueViolation: () => conflict(DOMAIN_TAKEN) }, async (ctx, input: { domainId: string }) => {
  const { actor, services } = ctx;
  const claim = await adminDomain(ctx, input.domainId);
  if (claim.verifiedAt) return { verified: true };
  // Looked up outside any transaction: a slow DNS server must not hold a database connection.
  if (!(await hasVerificationRecord(claim.domain, claim.verificationToken))) {
    throw badRequest(`The TXT record for ${claim.domain} was not found yet. DNS changes can take a while to appear; try again later.`);
  }
  await ctx.tx.transaction(async (tx) => {
    await tx.update(ssoDomains).set({ verifiedAt: services.clock.now() }).where(eq(ssoDomains.id, input.domainId));
    await audit(tx, { workspaceId: claim.workspaceId, actorId: actor.userId, action: "sso.domain_verified", detail: claim.domain });
  });
  return { verified: true };
});
