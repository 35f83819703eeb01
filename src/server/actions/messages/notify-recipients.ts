import { and, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { isConversation } from "@/shared/channels";
import { topics } from "@/shared/events";
import type { parseMentions } from "@/shared/mentions";
import { messagePath, type MessageView } from "@/shared/messages";
import { DEFAULT_NOTIFICATION_PREFERENCES, notificationText } from "@/shared/notifications";
import { db } from "../../db/client";
import { channelMembers, channels, notificationPreferences, threadFollowers, users, workspaces } from "../../db/schema";
import { publishing } from "../../events";
import { runInBackground } from "../../jobs/background";
import { decideNotification, type NotifyMessage } from "../../notifications/decide";

type Mentions = ReturnType<typeof parseMentions>;

/**
 * After a send commits: tells each recipient's open tabs about it, as the decision function says. `reachedByHere`
 * are the members the send found active for @here.
 */
export function notifyRecipientsLater(message: MessageView, mentions: Mentions, reachedByHere: readonly string[]) {
  if (message.kind !== "user" || !message.authorId) return;
  runInBackground("notifications", () => notifyRecipients(message, mentions, new Set(reachedByHere)));
}

/** Whether the channel member of the row follows the message's thread. */
const followsThreadOf = (rootId: string) =>
  sql<boolean>`exists (select 1 from ${threadFollowers} where ${threadFollowers.rootId} = ${rootId} and ${threadFollowers.userId} = ${channelMembers.userId})`;

/**
 * Only members who could be told anything are read: in a busy channel where most people keep the default
 * ("mentions"), a plain message reads no one. The decision itself is decideNotification's.
 */
function candidatesWhere(message: MessageView, mentions: Mentions, conversation: boolean): SQL | undefined {
  if (conversation || mentions.everyone || mentions.here) return undefined;
  return or(
    mentions.userIds.length ? inArray(channelMembers.userId, mentions.userIds) : undefined,
    eq(channelMembers.notifyLevel, "all"),
    eq(notificationPreferences.level, "all"),
    sql`cardinality(${notificationPreferences.keywords}) > 0`,
    message.threadRootId ? followsThreadOf(message.threadRootId) : undefined,
  );
}

async function notifyRecipients(message: MessageView, mentions: Mentions, reachedByHere: ReadonlySet<string>) {
  const authorId = message.authorId!;
  const [channel] = await db()
    .select({ kind: channels.kind, name: channels.name, slug: workspaces.slug })
    .from(channels)
    .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
    .where(eq(channels.id, message.channelId));
  if (!channel) return;
  const conversation = isConversation(channel.kind);
  const candidates = await db()
    .select({
      userId: channelMembers.userId,
      level: channelMembers.notifyLevel,
      muted: channelMembers.muted,
      ignoreChannelMentions: channelMembers.ignoreChannelMentions,
      lastReadSeq: channelMembers.lastReadSeq,
      dndUntil: users.dndUntil,
      preferences: notificationPreferences,
      followsThread: message.threadRootId ? followsThreadOf(message.threadRootId) : sql<boolean>`false`,
    })
    .from(channelMembers)
    .innerJoin(users, eq(users.id, channelMembers.userId))
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, channelMembers.userId))
    .where(and(eq(channelMembers.channelId, message.channelId), ne(channelMembers.userId, authorId), candidatesWhere(message, mentions, conversation)));
  if (candidates.length === 0) return;

  const notifyMessage: NotifyMessage = { ...message, channelKind: channel.kind, mentions };
  const now = new Date();
  const recipients = candidates.flatMap((candidate) => {
    const { userId: _userId, updatedAt: _updatedAt, ...preferences } = candidate.preferences ?? { ...DEFAULT_NOTIFICATION_PREFERENCES, userId: null, updatedAt: null };
    const decision = decideNotification(
      notifyMessage,
      {
        userId: candidate.userId,
        membership: { level: candidate.level, muted: candidate.muted, ignoreChannelMentions: candidate.ignoreChannelMentions },
        preferences,
        dndUntil: candidate.dndUntil,
        followsThread: candidate.followsThread,
        activeNow: reachedByHere.has(candidate.userId),
        hasRead: candidate.lastReadSeq >= message.seq,
      },
      now,
    );
    return decision.desktop ? [{ userId: candidate.userId, sound: preferences.sound }] : [];
  });
  if (recipients.length === 0) return;

  const named = await db()
    .select({ id: users.id, name: users.name, image: users.image })
    .from(users)
    .where(inArray(users.id, [authorId, ...mentions.userIds]));
  const author = named.find((person) => person.id === authorId);
  const text = notificationText(message.body, (userId) => named.find((person) => person.id === userId)?.name);
  const where = conversation ? (author?.name ?? "Someone") : `${message.threadRootId ? "Thread in " : ""}#${channel.name}`;
  await publishing(async (emit) => {
    for (const { userId, sound } of recipients) {
      emit(topics.user(userId), {
        type: "notification",
        notification: {
          messageId: message.id,
          channelId: message.channelId,
          seq: message.seq,
          threadRootId: message.threadRootId,
          path: messagePath(channel.slug, message),
          title: where,
          body: conversation && channel.kind === "dm" ? text : `${author?.name ?? "Someone"}: ${text}`,
          icon: author?.image ?? null,
          sound,
        },
      });
    }
  });
}
