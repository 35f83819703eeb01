import { eq } from "drizzle-orm";
import { notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { ssoDomains } from "../../db/schema";
import type { ActionContext, ActorOf } from "../context";

export const DOMAIN_TAKEN = "Another workspace has already verified that domain";

/** A domain claim of a workspace the actor administers. */
export async function adminDomain({ tx, actor }: ActionContext<ActorOf<"user">>, domainId: string) {
  const [claim] = await tx.select().from(ssoDomains).where(eq(ssoDomains.id, domainId));
  if (!claim) throw notFound("That domain is not claimed here");
  await requireWorkspaceAdmin(tx, claim.workspaceId, actor.userId);
  return claim;
}
