import { and, eq, isNotNull } from "drizzle-orm";
import type { z } from "zod";
import type { requireSsoInput } from "@/shared/sso";
import { badRequest } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { ssoConnections, ssoDomains, workspaces } from "../../db/schema";
import { defineAction } from "../context";
import { audit } from "../audit";

/** "Require SSO": members with an email in a verified domain can no longer sign in with a password. */
export const setRequireSso = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof requireSsoInput>) => {
  const { tx, actor } = ctx;
  const { workspaceId, on } = input;
  await requireWorkspaceAdmin(tx, workspaceId, actor.userId);
  if (on) {
    const [connection] = await tx.select({ id: ssoConnections.id }).from(ssoConnections).where(eq(ssoConnections.workspaceId, workspaceId));
    const [domain] = await tx
      .select({ id: ssoDomains.id })
      .from(ssoDomains)
      .where(and(eq(ssoDomains.workspaceId, workspaceId), isNotNull(ssoDomains.verifiedAt)));
    if (!connection || !domain) throw badRequest("Add an SSO connection and verify a domain before requiring SSO, or nobody could sign in");
  }
  await tx.update(workspaces).set({ requireSso: on }).where(eq(workspaces.id, workspaceId));
  await audit(tx, { workspaceId, actorId: actor.userId, action: on ? "sso.required" : "sso.not_required" });
  return { requireSso: on };
});
