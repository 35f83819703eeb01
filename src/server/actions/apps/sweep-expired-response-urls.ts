import { lte } from "drizzle-orm";
import { responseUrls } from "../../db/schema";
import { defineAction } from "../context";

/** response_urls past their thirty minutes are dead weight (every click writes one): gone, in one statement. */
export const sweepExpiredResponseUrls = defineAction({ actors: ["system"], transaction: false }, async ({ tx, services }) => {
  const removed = await tx.delete(responseUrls).where(lte(responseUrls.expiresAt, services.clock.now())).returning({ id: responseUrls.id });
  return removed.length;
});
