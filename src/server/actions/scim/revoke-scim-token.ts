import { and, eq, isNull } from "drizzle-orm";
import { notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { scimTokens } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";

export const revokeScimToken = defineAction({ actors: ["user"] }, async (ctx, input: { tokenId: string }) => {
  const [token] = await ctx.tx.select().from(scimTokens).where(and(eq(scimTokens.id, input.tokenId), isNull(scimTokens.revokedAt)));
  if (!token) throw notFound("That SCIM token does not exist");
  await requireWorkspaceAdmin(ctx.tx, token.workspaceId, ctx.actor.userId);
  await ctx.tx.update(scimTokens).set({ revokedAt: ctx.services.clock.now() }).where(eq(scimTokens.id, token.id));
  await audit(ctx.tx, { workspaceId: token.workspaceId, actorId: ctx.actor.userId, action: "scim.token_revoked", detail: token.name });
  return { revoked: true };
});
