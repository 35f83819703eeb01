import { desc, eq, inArray } from "drizzle-orm";
import { env } from "@/env";
import { type ChannelKind, isConversation } from "@/shared/channels";
import { parseMentions } from "@/shared/mentions";
import { messagePath, type MessageView } from "@/shared/messages";
import { DEFAULT_NOTIFICATION_PREFERENCES, type DesktopNotification, type NotificationPreferences, notificationText } from "@/shared/notifications";
import { type Db, db, type Tx } from "../db/client";
import { notificationPreferences, pushSubscriptions, users } from "../db/schema";
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

export interface NotifiedChannel {
  kind: ChannelKind;
  name: string;
  slug: string;
}

type Described = Pick<DesktopNotification, "path" | "title" | "body" | "icon"> & { authorName: string };

/** How notifications about the messages read, wherever they are shown (a desktop notification, a push). */
export async function describeForNotifications(
  tx: Db | Tx,
  items: { message: Pick<MessageView, "id" | "channelId" | "threadRootId" | "authorId" | "body">; channel: NotifiedChannel }[],
): Promise<Described[]> {
  const mentioned = items.map(({ message }) => parseMentions(message.body).userIds);
  const peopleIds = new Set(items.flatMap(({ message }, index) => [...(message.authorId ? [message.authorId] : []), ...mentioned[index]!]));
  const named = peopleIds.size === 0 ? [] : await tx.select({ id: users.id, name: users.name, image: users.image }).from(users).where(inArray(users.id, [...peopleIds]));
  const people = new Map(named.map((person) => [person.id, person]));
  return items.map(({ message, channel }) => {
    const author = message.authorId ? people.get(message.authorId) : undefined;
    const authorName = author?.name ?? "Someone";
    const text = notificationText(message.body, (userId) => people.get(userId)?.name);
    return {
      path: messagePath(channel.slug, message),
      // A live-chat conversation is named after its visitor, not a channel.
      title: isConversation(channel.kind) ? authorName : channel.kind === "support" ? `${message.threadRootId ? "Thread in " : ""}Support: ${channel.name}` : `${message.threadRootId ? "Thread in " : ""}#${channel.name}`,
      body: channel.kind === "dm" ? text : `${authorName}: ${text}`,
      icon: author?.image ?? null,
      authorName,
    };
  });
}
