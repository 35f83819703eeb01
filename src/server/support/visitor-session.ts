import { and, eq } from "drizzle-orm";
import { db } from "../db/client";
import { supportInboxes, supportVisitors } from "../db/schema";
import { readVisitorToken } from "./identity";

/** The visitor a widget token names, while it is current (its key unchanged and its inbox still there). */
export async function visitorFromToken(token: string, now = new Date()) {
  const claim = readVisitorToken(token, now);
  if (!claim) return null;
  const [row] = await db()
    .select({ id: supportVisitors.id, userId: supportVisitors.userId, inboxId: supportVisitors.inboxId, workspaceId: supportInboxes.workspaceId })
    .from(supportVisitors)
    .innerJoin(supportInboxes, eq(supportInboxes.id, supportVisitors.inboxId))
    .where(and(eq(supportVisitors.id, claim.visitorId), eq(supportVisitors.tokenKey, claim.tokenKey)));
  return row ?? null;
}
