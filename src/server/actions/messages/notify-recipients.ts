import { and, eq, inArray, sql } from "drizzle-orm";
import { isConversation } from "@/shared/channels";
import { topics } from "@/shared/events";
import { groupBy } from "@/shared/group-by";
import { parseMentions } from "@/shared/mentions";
import { DEFAULT_NOTIFICATION_PREFERENCES, type NotifyLevel } from "@/shared/notifications";
import { fromDriverRow, preparedStatement } from "../../db/prepared";
import { apps, channelMembers, channels, emailQueue, messages, notificationPreferences, pushSubscriptions, threadFollowers, users, workspaces } from "../../db/schema";
import { env } from "@/env";
import { emailConfigured } from "../../email/mailer";
import { enqueueJobs, type Job, registerOrderedJobHandler } from "../../jobs/queue";
import { messageColumns, type MessageRow } from "../../queries/message-views";
import { describeForNotifications, type NotifiedChannel } from "../../queries/notifications";
import { type ActionContext, defineAction, runAction, SYSTEM } from "../context";
import { pushJob } from "../notifications/deliver-push";
import { emailBatchJob } from "../notifications/send-email-batch";
import { servicesAt } from "../../services";
import { toSlackTs } from "../../slack/ids";
import { enqueueMessageEvents, listensForEvents } from "../apps/app-events";
import { decideNotification, type NotifyMessage } from "../../notifications/decide";

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

/** Members whose setting for the channel is every message. */
export const tellsChannelMemberEverything = sql`${channelMembers.notifyLevel} = 'all'`;
/** People who may want a message that does not name them: every message, or the ones with their keywords. */
export const mayWantUnaddressed = sql`(${notificationPreferences.level} = 'all' or cardinality(${notificationPreferences.keywords}) > 0)`;

type NotifiedMessage = MessageRow & { channel: NotifiedChannel };

/** A batch of sent messages' notify jobs, in the order they were sent: who is told what, by desktop, push and email. */
export const notifyRecipients = defineAction({ actors: ["system"], transaction: false }, async (ctx, batch: Job[]) => {
  const now = ctx.services.clock.now();
  const ids = batch.map((job) => job.key!.slice(NOTIFY_JOB.length + 1));
  const rows = await ctx.tx
    .select({ message: messageColumns, channel: { kind: channels.kind, name: channels.name, slug: workspaces.slug }, workspaceId: channels.workspaceId })
    .from(messages)
    .innerJoin(channels, eq(channels.id, messages.channelId))
    .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
    .where(inArray(messages.id, ids));
  const byId = new Map(rows.map((row) => [row.message.id, { ...row.message, channel: row.channel }]));
  const workspaceOf = new Map(rows.map((row) => [row.message.id, row.workspaceId]));
  const notifiable = batch.flatMap((job, index) => {
    const message = byId.get(ids[index]!);
    const payload = job.payload as unknown as NotifyJobPayload;
    return message && !message.deletedAt && message.kind === "user" && message.authorId ? [{ message, payload }] : [];
  });
  const decided = await decideRecipients(ctx, notifiable, now);
  await enqueueFollowUps(ctx, notifiable.flatMap(({ message }, index) => decided[index]!.map((entry) => ({ ...entry, message }))), now);
  await notifyDesktops(ctx, notifiable.map(({ message }, index) => ({ message, decided: decided[index]! })), now);
  await tellApps(ctx, notifiable.map(({ message }) => ({ message, workspaceId: workspaceOf.get(message.id)! })));
});

/** The batch's messages for the apps listening (a reply says which thread it is in, as Slack's thread_ts). */
async function tellApps(ctx: ActionContext, batch: Array<{ message: NotifiedMessage; workspaceId: string }>) {
  const workspaceIds = [...new Set(batch.map(({ workspaceId }) => workspaceId))];
  const listening = new Set((await ctx.tx.selectDistinct({ workspaceId: apps.workspaceId }).from(apps).where(and(inArray(apps.workspaceId, workspaceIds), listensForEvents))).map((row) => row.workspaceId));
  const sent = batch.filter(({ workspaceId }) => listening.has(workspaceId));
  const rootIds = [...new Set(sent.flatMap(({ message }) => (message.threadRootId ? [message.threadRootId] : [])))];
  const roots = rootIds.length ? await ctx.tx.select({ id: messages.id, seq: messages.seq, createdAt: messages.createdAt }).from(messages).where(inArray(messages.id, rootIds)) : [];
  const rootTs = new Map(roots.map((root) => [root.id, toSlackTs(root)]));
  for (const { message, workspaceId } of sent) {
    await enqueueMessageEvents(ctx, message, { workspaceId, kind: message.channel.kind }, message.threadRootId ? rootTs.get(message.threadRootId) : undefined);
  }
}

registerOrderedJobHandler(NOTIFY_JOB, (batch, now) => runAction(SYSTEM, notifyRecipients, batch, servicesAt(now)));

interface CandidateRow {
  message_id: string;
  user_id: string;
  notify_level: NotifyLevel | null;
  muted: boolean;
  ignore_channel_mentions: boolean;
  last_read_seq: number;
  dnd_until: unknown;
  has_preferences: boolean;
  follows_thread: boolean;
  can_push: boolean;
  [preferenceColumn: string]: unknown;
}

/**
 * The members of each message's channel who could be told anything, for a whole batch of messages in one statement.
 * In a busy channel where most people keep the default ("mentions"), a plain message reads no one; the decision
 * itself is decideNotification's.
 */
const candidatesStatement = preparedStatement<CandidateRow>(() => sql`
  with batch as (
    select * from jsonb_to_recordset(${sql.placeholder("batch")}::jsonb)
      as batch(message_id text, channel_id text, author_id text, thread_root_id text, everyone boolean, mentioned jsonb)
  )
  select batch.message_id, ${channelMembers.userId}, ${channelMembers.notifyLevel}, ${channelMembers.muted}, ${channelMembers.ignoreChannelMentions},
    ${channelMembers.lastReadSeq}, ${users.dndUntil}, ${notificationPreferences.userId} is not null as has_preferences,
    ${notificationPreferences.level}, ${notificationPreferences.keywords}, ${notificationPreferences.threadReplies}, ${notificationPreferences.desktop},
    ${notificationPreferences.sound}, ${notificationPreferences.email}, ${notificationPreferences.timeZone}, ${notificationPreferences.schedule},
    follows.user_id is not null as follows_thread,
    exists (select 1 from ${pushSubscriptions} where ${pushSubscriptions.userId} = ${channelMembers.userId}) as can_push
  from batch
  join ${channelMembers} on ${channelMembers.channelId} = batch.channel_id and ${channelMembers.userId} <> batch.author_id
  join ${users} on ${users.id} = ${channelMembers.userId}
  left join ${notificationPreferences} on ${notificationPreferences.userId} = ${channelMembers.userId}
  left join ${threadFollowers} as follows on follows.root_id = batch.thread_root_id and follows.user_id = ${channelMembers.userId}
  where batch.everyone or batch.mentioned @> jsonb_build_array(${channelMembers.userId}) or ${tellsChannelMemberEverything}
    or ${mayWantUnaddressed} or follows.user_id is not null`);

type Decided = Awaited<ReturnType<typeof decideRecipients>>[number][number];

/** Who is told what about each message of the batch (in the batch's order). */
async function decideRecipients({ tx }: ActionContext, batch: { message: NotifiedMessage; payload: NotifyJobPayload }[], now: Date) {
  if (batch.length === 0) return [];
  const asked = batch.map(({ message, payload: { mentions } }) => ({
    message_id: message.id,
    channel_id: message.channelId,
    author_id: message.authorId,
    thread_root_id: message.threadRootId,
    everyone: isConversation(message.channel.kind) || mentions.everyone || mentions.here,
    mentioned: mentions.userIds,
  }));
  const candidates = groupBy(await candidatesStatement(tx, { batch: JSON.stringify(asked) }), (row) => row.message_id);
  return batch.map(({ message, payload }) => {
    const notifyMessage: NotifyMessage = { ...message, channelKind: message.channel.kind, mentions: payload.mentions };
    const reachedByHere = new Set(payload.reachedByHere);
    return (candidates.get(message.id) ?? []).map((candidate) => {
      const { userId: _userId, updatedAt: _updatedAt, ...preferences } = candidate.has_preferences
        ? fromDriverRow(notificationPreferences, candidate)
        : { ...DEFAULT_NOTIFICATION_PREFERENCES, userId: null, updatedAt: null };
      const decision = decideNotification(
        notifyMessage,
        {
          userId: candidate.user_id,
          membership: { level: candidate.notify_level, muted: candidate.muted, ignoreChannelMentions: candidate.ignore_channel_mentions },
          preferences,
          dndUntil: fromDriverRow(users, candidate).dndUntil,
          followsThread: candidate.follows_thread,
          activeNow: reachedByHere.has(candidate.user_id),
          hasRead: candidate.last_read_seq >= message.seq,
        },
        now,
      );
      return { userId: candidate.user_id, decision, preferences, canPush: candidate.can_push };
    });
  });
}

async function notifyDesktops({ tx, emit, services }: ActionContext, items: { message: NotifiedMessage; decided: Decided[] }[], now: Date) {
  const wanted = items
    .filter(({ message }) => now.getTime() - message.createdAt.getTime() < DESKTOP_STALE_MS)
    .map(({ message, decided }) => ({ message, recipients: decided.filter((entry) => entry.decision.desktop) }));
  // Only people with a tab open can be shown anything: in a big channel most are not, and their events would go nowhere.
  const withTabs = await services.presence.presenceOf([...new Set(wanted.flatMap(({ recipients }) => recipients.map((entry) => entry.userId)))]);
  const due = wanted
    .map(({ message, recipients }) => ({ message, recipients: recipients.filter((entry) => withTabs.has(entry.userId)) }))
    .filter(({ recipients }) => recipients.length > 0);
  if (due.length === 0) return;
  const described = await describeForNotifications(tx, due.map(({ message }) => ({ message, channel: message.channel })));
  due.forEach(({ message, recipients }, index) => {
    const { authorName: _authorName, ...shown } = described[index]!;
    for (const { userId, preferences } of recipients) {
      emit(topics.user(userId), {
        type: "notification",
        notification: { messageId: message.id, channelId: message.channelId, seq: message.seq, threadRootId: message.threadRootId, ...shown, sound: preferences.sound },
      });
    }
  });
}

// Rows as one JSON parameter, like enqueueJobs: a batch's emails are hundreds of rows.
const queueEmails = preparedStatement(() => sql`
  insert into ${emailQueue} (user_id, message_id, channel_id, seq, reason)
  select user_id, message_id, channel_id, seq, reason
    from jsonb_to_recordset(${sql.placeholder("rows")}::jsonb) as queued(user_id text, message_id text, channel_id text, seq integer, reason text)
  on conflict do nothing`);

/** Push (after a delay, if still unread and away) and the next missed-activity email, written as durable work. */
async function enqueueFollowUps(ctx: ActionContext, decided: (Decided & { message: NotifiedMessage })[], now: Date) {
  const pushes = env().vapid ? decided.filter((entry) => entry.decision.push && entry.canPush) : [];
  const emails = emailConfigured() ? decided.filter((entry) => entry.decision.email) : [];
  if (pushes.length === 0 && emails.length === 0) return;
  await ctx.tx.transaction(async (tx) => {
    if (emails.length > 0) {
      const rows = emails.map(({ userId, message, decision }) => ({ user_id: userId, message_id: message.id, channel_id: message.channelId, seq: message.seq, reason: decision.reason! }));
      await queueEmails(tx, { rows: JSON.stringify(rows) });
    }
    await enqueueJobs(tx, [
      ...pushes.map((entry) => pushJob(entry.message.id, entry.userId, new Date(now.getTime() + env().PUSH_DELAY_MS))),
      ...emails.map((entry) => emailBatchJob(entry.userId, entry.preferences.email, now)),
    ]);
  });
}
