import { and, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { type ChannelKind, isConversation } from "@/shared/channels";
import { topics } from "@/shared/events";
import { parseMentions } from "@/shared/mentions";
import { messagePath, type MessageView } from "@/shared/messages";
import { DEFAULT_NOTIFICATION_PREFERENCES, type DesktopNotification, type NotificationPreferences, notificationText } from "@/shared/notifications";
import { db } from "../../db/client";
import { channelMembers, channels, emailQueue, notificationPreferences, pushSubscriptions, threadFollowers, users, workspaces } from "../../db/schema";
import { inTransaction, publishing } from "../../events";
import { env } from "@/env";
import { emailConfigured } from "../../email/mailer";
import { enqueueJobs, registerJobHandler } from "../../jobs/queue";
import { messageView } from "../../queries/message-views";
import { emailBatchJob } from "../notifications/email-batch";
import { pushJob } from "../notifications/push-delivery";
import { decideNotification, type NotifyDecision, type NotifyMessage } from "../../notifications/decide";

type Mentions = ReturnType<typeof parseMentions>;

/** What a send writes into its notify job (in the send's own statement): what the message addressed. */
export interface NotifyJobPayload {
  mentions: Mentions;
  /** The members the send found active for @here. */
  reachedByHere: string[];
}

export const NOTIFY_JOB = "notify";
/** A desktop notification about a message this old (the job waited out a restart) would only confuse. */
const DESKTOP_STALE_MS = 2 * 60_000;

registerJobHandler(NOTIFY_JOB, async (job, now) => {
  const payload = job.payload as unknown as NotifyJobPayload;
  const messageId = job.key!.slice(NOTIFY_JOB.length + 1);
  const message = await messageView(db(), messageId);
  if (!message || message.deletedAt || message.kind !== "user" || !message.authorId) return;
  await notifyRecipients(message, payload.mentions, new Set(payload.reachedByHere), now);
}, { ordered: true });

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

async function notifyRecipients(message: MessageView, mentions: Mentions, reachedByHere: ReadonlySet<string>, now: Date) {
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
      canPush: sql<boolean>`exists (select 1 from ${pushSubscriptions} where ${pushSubscriptions.userId} = ${channelMembers.userId})`,
    })
    .from(channelMembers)
    .innerJoin(users, eq(users.id, channelMembers.userId))
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, channelMembers.userId))
    .where(and(eq(channelMembers.channelId, message.channelId), ne(channelMembers.userId, authorId), candidatesWhere(message, mentions, conversation)));
  if (candidates.length === 0) return;

  const notifyMessage: NotifyMessage = { ...message, channelKind: channel.kind, mentions };
  const decided = candidates.map((candidate) => {
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
    return { userId: candidate.userId, decision, preferences, canPush: candidate.canPush };
  });
  await enqueueFollowUps(message, decided, now);
  const fresh = now.getTime() - message.createdAt.getTime() < DESKTOP_STALE_MS;
  const recipients = fresh ? decided.filter((entry) => entry.decision.desktop).map((entry) => ({ userId: entry.userId, sound: entry.preferences.sound })) : [];
  if (recipients.length === 0) return;

  const described = await describeForNotification(message, channel);
  await publishing(async (emit) => {
    for (const { userId, sound } of recipients) {
      emit(topics.user(userId), {
        type: "notification",
        notification: { messageId: message.id, channelId: message.channelId, seq: message.seq, threadRootId: message.threadRootId, ...described, sound },
      });
    }
  });
}

/** How a notification about the message reads, wherever it is shown (a desktop notification, a push). */
export async function describeForNotification(
  message: Pick<MessageView, "id" | "channelId" | "threadRootId" | "authorId" | "body">,
  channel: { kind: ChannelKind; name: string; slug: string },
): Promise<Pick<DesktopNotification, "path" | "title" | "body" | "icon"> & { authorName: string }> {
  const mentioned = parseMentions(message.body).userIds;
  const named = await db()
    .select({ id: users.id, name: users.name, image: users.image })
    .from(users)
    .where(inArray(users.id, [...(message.authorId ? [message.authorId] : []), ...mentioned]));
  const author = named.find((person) => person.id === message.authorId);
  const authorName = author?.name ?? "Someone";
  const text = notificationText(message.body, (userId) => named.find((person) => person.id === userId)?.name);
  const conversation = isConversation(channel.kind);
  return {
    path: messagePath(channel.slug, message),
    title: conversation ? authorName : `${message.threadRootId ? "Thread in " : ""}#${channel.name}`,
    body: channel.kind === "dm" ? text : `${authorName}: ${text}`,
    icon: author?.image ?? null,
    authorName,
  };
}

/** Push (after a delay, if still unread and away) and the next missed-activity email, written as durable work. */
async function enqueueFollowUps(message: MessageView, decided: { userId: string; decision: NotifyDecision; preferences: NotificationPreferences; canPush: boolean }[], now: Date) {
  const pushes = decided.filter((entry) => entry.decision.push && entry.canPush && env().vapid);
  const emails = emailConfigured() ? decided.filter((entry) => entry.decision.email) : [];
  if (pushes.length === 0 && emails.length === 0) return;
  await inTransaction(async (tx) => {
    if (emails.length > 0) {
      await tx
        .insert(emailQueue)
        .values(emails.map((entry) => ({ userId: entry.userId, messageId: message.id, channelId: message.channelId, seq: message.seq, reason: entry.decision.reason! })))
        .onConflictDoNothing();
    }
    await enqueueJobs(tx, [
      ...pushes.map((entry) => pushJob(message.id, entry.userId, new Date(now.getTime() + env().PUSH_DELAY_MS))),
      ...emails.map((entry) => emailBatchJob(entry.userId, entry.preferences.email, now)),
    ]);
  });
}
