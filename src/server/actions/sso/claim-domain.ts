import { randomBytes } from "node:crypto";
import { and, eq, isNotNull, ne } from "drizzle-orm";
import type { z } from "zod";
import type { claimDomainInput } from "@/shared/sso";
import { conflict } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { ssoDomains } from "../../db/schema";
import { defineAction } from "../context";
import { audit } from "../audit";
import { DOMAIN_TAKEN } from "./claimed-domain";

/** Claims an email domain; it counts for SSO once the DNS record Confab shows is found. */
export const claimDomain = defineAction(
  { actors: ["user"], onUniqueViolation: () => conflict("This workspace has already claimed that domain") },
  async (ctx, input: z.output<typeof claimDomainInput>) => {
    const { tx, actor } = ctx;
    await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
    const [verifiedElsewhere] = await tx
      .select({ id: ssoDomains.id })
      .from(ssoDomains)
      .where(and(eq(ssoDomains.domain, input.domain), isNotNull(ssoDomains.verifiedAt), ne(ssoDomains.workspaceId, input.workspaceId)));
    if (verifiedElsewhere) throw conflict(DOMAIN_TAKEN);
    const [claimed] = await tx
      .insert(ssoDomains)
      .values({ workspaceId: input.workspaceId, domain: input.domain, verificationToken: randomBytes(18).toString("base64url") })
      .returning({ id: ssoDomains.id });
    await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: "sso.domain_claimed", detail: input.domain });
    return { id: claimed!.id };
  },
);
