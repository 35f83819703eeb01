import { eq } from "drizzle-orm";
import { dataTransfers } from "../../db/schema";
import { defineAction } from "../context";

/** A transfer that failed says why, and its job ends: starting again is the admin's choice. */
export const failTransfer = defineAction({ actors: ["system"], transaction: false }, async (ctx, input: { transferId: string; error: string }) => {
  await ctx.tx.update(dataTransfers).set({ status: "failed", error: input.error.slice(0, 1000), finishedAt: ctx.services.clock.now() }).where(eq(dataTransfers.id, input.transferId));
});
