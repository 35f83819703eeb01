import { eq } from "drizzle-orm";
import { DEFAULT_NOTIFICATION_PREFERENCES, type NotificationPreferences } from "@/shared/notifications";
import { db } from "../db/client";
import { notificationPreferences } from "../db/schema";

/** A person's notification defaults, or the product's defaults until they change one. */
export async function getNotificationPreferences(userId: string): Promise<NotificationPreferences> {
  const [row] = await db().select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  if (!row) return DEFAULT_NOTIFICATION_PREFERENCES;
  const { userId: _userId, updatedAt: _updatedAt, ...preferences } = row;
  return preferences;
}
