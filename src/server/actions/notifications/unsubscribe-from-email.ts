import { topics } from "@/shared/events";
import { badRequest } from "../../access/errors";
import { userIdFromSignedToken } from "../../auth/account-tokens";
import { notificationPreferences } from "../../db/schema";
import { getNotificationPreferences } from "../../queries/notifications";
import { defineAction } from "../context";
import { UNSUBSCRIBE_PURPOSE } from "./unsubscribe-link";

/**
 * One-click unsubscribe from missed-activity email (the link in every such email, no session needed): the link's
 * signed token says whose emails stop.
 */
export const unsubscribeFromEmail = defineAction({ actors: ["anonymous"], transaction: false }, async (ctx, input: { token: string }): Promise<{ alreadyOff: boolean }> => {
  const userId = userIdFromSignedToken(input.token, UNSUBSCRIBE_PURPOSE);
  if (!userId) throw badRequest("This link is not valid");
  const current = await getNotificationPreferences(userId);
  if (current.email === "never") return { alreadyOff: true };
  const preferences = { ...current, email: "never" as const };
  await ctx.tx
    .insert(notificationPreferences)
    .values({ userId, ...preferences })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: { email: "never", updatedAt: ctx.services.clock.now() } });
  ctx.emit(topics.user(userId), { type: "notifications.preferences", preferences });
  return { alreadyOff: false };
});
