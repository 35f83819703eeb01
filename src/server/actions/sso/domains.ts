import { randomBytes } from "node:crypto";
import { and, eq, isNotNull, ne } from "drizzle-orm";
import type { z } from "zod";
import type { claimDomainInput } from "@/shared/sso";
import { badRequest, conflict, notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { hasVerificationRecord } from "../../auth/domain-verification";
import { db } from "../../db/client";
import { ssoDomains, workspaces } from "../../db/schema";
import { inTransaction } from "../../events";
import { isUniqueViolation } from "../unique-violation";
import { audit } from "./audit";

const TAKEN = "Another workspace has already verified that domain";

/** Claims an email domain; it counts for SSO once the DNS record Confab shows is found. */
export async function claimDomain(actorId: string, input: z.output<typeof claimDomainInput>) {
  try {
    return await inTransaction(async (tx) => {
      await requireWorkspaceAdmin(tx, input.workspaceId, actorId);
      const [verifiedElsewhere] = await tx
        .select({ id: ssoDomains.id })
        .from(ssoDomains)
        .where(and(eq(ssoDomains.domain, input.domain), isNotNull(ssoDomains.verifiedAt), ne(ssoDomains.workspaceId, input.workspaceId)));
      if (verifiedElsewhere) throw conflict(TAKEN);
      const [claimed] = await tx
        .insert(ssoDomains)
        .values({ workspaceId: input.workspaceId, domain: input.domain, verificationToken: randomBytes(18).toString("base64url") })
        .returning({ id: ssoDomains.id });
      await audit(tx, { workspaceId: input.workspaceId, actorId, action: "sso.domain_claimed", detail: input.domain });
      return { id: claimed!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("This workspace has already claimed that domain");
    throw error;
  }
}

async function adminDomain(actorId: string, domainId: string) {
  const [claim] = await db().select().from(ssoDomains).where(eq(ssoDomains.id, domainId));
  if (!claim) throw notFound("That domain is not claimed here");
  await requireWorkspaceAdmin(db(), claim.workspaceId, actorId);
  return claim;
}

/** Looks for the TXT record now; verified on success, and a readable reason otherwise. */
export async function verifyDomain(actorId: string, domainId: string) {
  const claim = await adminDomain(actorId, domainId);
  if (claim.verifiedAt) return { verified: true };
  if (!(await hasVerificationRecord(claim.domain, claim.verificationToken))) {
    throw badRequest(`The TXT record for ${claim.domain} was not found yet. DNS changes can take a while to appear; try again later.`);
  }
  try {
    await inTransaction(async (tx) => {
      await tx.update(ssoDomains).set({ verifiedAt: new Date() }).where(eq(ssoDomains.id, domainId));
      await audit(tx, { workspaceId: claim.workspaceId, actorId, action: "sso.domain_verified", detail: claim.domain });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(TAKEN);
    throw error;
  }
  return { verified: true };
}

export async function removeDomain(actorId: string, domainId: string) {
  const claim = await adminDomain(actorId, domainId);
  await inTransaction(async (tx) => {
    await tx.delete(ssoDomains).where(eq(ssoDomains.id, domainId));
    await audit(tx, { workspaceId: claim.workspaceId, actorId, action: "sso.domain_removed", detail: claim.domain });
    // Requiring SSO with no verified domain left would require nothing; it is turned off with the last one.
    const [remaining] = await tx
      .select({ id: ssoDomains.id })
      .from(ssoDomains)
      .where(and(eq(ssoDomains.workspaceId, claim.workspaceId), isNotNull(ssoDomains.verifiedAt)));
    if (!remaining) await tx.update(workspaces).set({ requireSso: false }).where(eq(workspaces.id, claim.workspaceId));
  });
}
