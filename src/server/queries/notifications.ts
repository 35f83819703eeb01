import { desc, eq } from "drizzle-orm";
import { env } from "@/env";
import { DEFAULT_NOTIFICATION_PREFERENCES, type NotificationPreferences } from "@/shared/notifications";
import { db } from "../db/client";
import { notificationPreferences, pushSubscriptions } from "../db/schema";
import { emailConfigured } from "../email/mailer";

/** A person's notification defaults, or the product's defaults until they change one. */
export async function getNotificationPreferences(userId: string): Promise<NotificationPreferences> {
  const [row] = await db().select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  if (!row) return DEFAULT_NOTIFICATION_PREFERENCES;
  const { userId: _userId, updatedAt: _updatedAt, ...preferences } = row;
  return preferences;
}

/** The browsers that take this person's pushes, newest first, for settings. */
export async function listPushSubscriptions(userId: string) {
  return db()
    .select({ id: pushSubscriptions.id, userAgent: pushSubscriptions.userAgent, createdAt: pushSubscriptions.createdAt, lastPushAt: pushSubscriptions.lastPushAt, endpoint: pushSubscriptions.endpoint })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, userId))
    .orderBy(desc(pushSubscriptions.createdAt));
}

/** What the settings can offer: push needs VAPID keys, email an SMTP server. */
export function deliveryOptions() {
  return { pushPublicKey: env().vapid?.publicKey ?? null, emailConfigured: emailConfigured() };
}
