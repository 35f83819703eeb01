import { topics } from "@/shared/events";
import { notificationPreferences } from "../../db/schema";
import { inTransaction } from "../../events";
import { getNotificationPreferences } from "../../queries/notifications";

/** One-click unsubscribe from missed-activity email (the link in every such email, no session needed). */
export async function unsubscribeFromEmail(userId: string): Promise<{ alreadyOff: boolean }> {
  const current = await getNotificationPreferences(userId);
  if (current.email === "never") return { alreadyOff: true };
  return inTransaction(async (tx, emit) => {
    const preferences = { ...current, email: "never" as const };
    await tx
      .insert(notificationPreferences)
      .values({ userId, ...preferences })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: { email: "never", updatedAt: new Date() } });
    emit(topics.user(userId), { type: "notifications.preferences", preferences });
    return { alreadyOff: false };
  });
}
