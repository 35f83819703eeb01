import { and, eq, gt, lt, sql } from "drizzle-orm";
import { DomainError } from "../../access/errors";
import { responseUrls } from "../../db/schema";
import { defineAction } from "../context";
import { RESPONSE_URL_USES } from "./issue-response-url";

/** One use of a response_url by the app it was handed to, while it has uses and time left; what it may change. */
export const claimResponseUrl = defineAction({ actors: ["bot"] }, async ({ tx, actor, services }, input: { id: string }) => {
  const [claimed] = await tx
    .update(responseUrls)
    .set({ uses: sql`${responseUrls.uses} + 1` })
    .where(and(eq(responseUrls.id, input.id), eq(responseUrls.appId, actor.appId), lt(responseUrls.uses, RESPONSE_URL_USES), gt(responseUrls.expiresAt, services.clock.now())))
    .returning();
  if (!claimed) throw new DomainError("NOT_FOUND", "That response_url has expired or been used up");
  return claimed;
});
