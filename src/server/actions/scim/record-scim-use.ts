import { eq } from "drizzle-orm";
import { scimTokens } from "../../db/schema";
import { defineAction } from "../context";

/** When the token was last used, for Settings → SCIM provisioning ("last used 2 minutes ago"). */
export const recordScimUse = defineAction({ actors: ["scim"], transaction: false }, async (ctx) => {
  await ctx.tx.update(scimTokens).set({ lastUsedAt: ctx.services.clock.now() }).where(eq(scimTokens.id, ctx.actor.tokenId));
});
