import { lt } from "drizzle-orm";
import { ssoSamlAssertions, ssoSamlRequests } from "../../db/schema";
import { defineAction } from "../context";

/** Pending requests and remembered assertion IDs past their time: nothing can use them any more. */
export const sweepExpiredSamlState = defineAction({ actors: ["system"], transaction: false }, async (ctx) => {
  const now = ctx.services.clock.now();
  await ctx.tx.delete(ssoSamlRequests).where(lt(ssoSamlRequests.expiresAt, now));
  await ctx.tx.delete(ssoSamlAssertions).where(lt(ssoSamlAssertions.expiresAt, now));
});
