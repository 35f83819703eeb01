import { requireWorkspaceAdmin } from "../../access/workspaces";
import { hashToken, newSecretToken } from "../../auth/secret-tokens";
import { scimTokens } from "../../db/schema";
import { audit } from "../audit";
import { defineAction } from "../context";

/** A bearer token for the workspace's identity provider; shown once, only its hash kept. */
export const createScimToken = defineAction({ actors: ["user"] }, async (ctx, input: { workspaceId: string; name: string }) => {
  await requireWorkspaceAdmin(ctx.tx, input.workspaceId, ctx.actor.userId);
  const token = newSecretToken("cfscim-");
  const [row] = await ctx.tx.insert(scimTokens).values({ workspaceId: input.workspaceId, tokenHash: hashToken(token), name: input.name, createdBy: ctx.actor.userId }).returning();
  await audit(ctx.tx, { workspaceId: input.workspaceId, actorId: ctx.actor.userId, action: "scim.token_created", detail: input.name });
  return { id: row!.id, name: row!.name, createdAt: row!.createdAt, token };
});
