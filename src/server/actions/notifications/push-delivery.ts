import { and, eq } from "drizzle-orm";
import webpush from "web-push";
import { env } from "@/env";
import { type PushContent, type PushPayload, inDoNotDisturbAt } from "@/shared/notifications";
import { db } from "../../db/client";
import { channelMembers, channels, messages, notificationPreferences, pushSubscriptions, users, workspaces } from "../../db/schema";
import { FetchRefused, safePost } from "../../outbound/safe-fetch";
import { enqueueJobs, type NewJob, pokeJobs, registerJobHandler } from "../../jobs/queue";
import { presence } from "../../presence";
import { describeForNotifications } from "../messages/notify-recipients";

export const PUSH_JOB = "push";
export const PUSH_SEND_JOB = "push-send";
/** How long a push service keeps a push for a browser that is off, in seconds. */
const PUSH_TTL_SECONDS = 4 * 60 * 60;

/** A push about the message for the person, decided again when due (still unread, still away, not in DND). */
export function pushJob(messageId: string, userId: string, runAt: Date): NewJob {
  return { kind: PUSH_JOB, key: `${PUSH_JOB}:${messageId}:${userId}`, payload: { messageId, userId }, runAt };
}

async function payloadFor(messageId: string, userId: string, now: Date): Promise<PushPayload | null> {
  const [row] = await db()
    .select({
      message: messages,
      channel: { kind: channels.kind, name: channels.name },
      slug: workspaces.slug,
      pushContent: workspaces.pushContent,
      lastReadSeq: channelMembers.lastReadSeq,
      dndUntil: users.dndUntil,
      schedule: notificationPreferences.schedule,
      timeZone: notificationPreferences.timeZone,
    })
    .from(messages)
    .innerJoin(channels, eq(channels.id, messages.channelId))
    .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
    .innerJoin(channelMembers, and(eq(channelMembers.channelId, messages.channelId), eq(channelMembers.userId, userId)))
    .innerJoin(users, eq(users.id, userId))
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, userId))
    .where(eq(messages.id, messageId));
  if (!row || row.message.deletedAt || row.lastReadSeq >= row.message.seq) return null;
  if (inDoNotDisturbAt({ dndUntil: row.dndUntil, schedule: row.schedule, timeZone: row.timeZone }, now)) return null;
  // Back at a tab: it showed the message (or its desktop notification) already.
  if ((await presence().presenceOf([userId])).get(userId) === "active") return null;
  const [described] = await describeForNotifications([{ message: row.message, channel: { ...row.channel, slug: row.slug } }]);
  return restrictTo(row.pushContent, { ...described!, tag: messageId, channelId: row.message.channelId, seq: row.message.seq });
}

/** What the workspace's admins allow a lock screen to show. */
function restrictTo(content: PushContent, full: PushPayload): PushPayload {
  if (content === "full") return full;
  if (content === "sender_and_channel") return { ...full, body: `New message from ${full.authorName}` };
  return { ...full, title: "Confab", body: "You have a new message", icon: null, authorName: "" };
}

registerJobHandler(PUSH_JOB, async (job, now) => {
  const { messageId, userId } = job.payload as { messageId: string; userId: string };
  if (!env().vapid) return;
  const payload = await payloadFor(messageId, userId, now);
  if (!payload) return;
  const devices = await db().select({ id: pushSubscriptions.id }).from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
  // One job per device: a retry for one browser never pushes twice to another.
  await enqueueJobs(
    db(),
    devices.map((device) => ({ kind: PUSH_SEND_JOB, key: `${PUSH_SEND_JOB}:${messageId}:${device.id}`, payload: { subscriptionId: device.id, notification: payload } })),
  );
  pokeJobs();
});

registerJobHandler(PUSH_SEND_JOB, async (job) => {
  const { subscriptionId, notification } = job.payload as { subscriptionId: string; notification: PushPayload };
  const vapid = env().vapid;
  const [device] = await db().select().from(pushSubscriptions).where(eq(pushSubscriptions.id, subscriptionId));
  if (!device || !vapid) return;
  const request = webpush.generateRequestDetails({ endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } }, JSON.stringify(notification), {
    vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
    TTL: PUSH_TTL_SECONDS,
    urgency: "high",
    contentEncoding: "aes128gcm",
  });
  let answer;
  try {
    answer = await safePost(request.endpoint, request.headers as Record<string, string | number>, request.body as Buffer);
  } catch (error) {
    // The endpoint now resolves somewhere we do not go: that browser cannot be reached any more.
    if (error instanceof FetchRefused && /non-public|not reached|does not resolve/.test(error.message)) {
      await db().delete(pushSubscriptions).where(eq(pushSubscriptions.id, device.id));
      return;
    }
    throw error;
  }
  if (answer.status >= 200 && answer.status < 300) {
    await db().update(pushSubscriptions).set({ lastPushAt: new Date() }).where(eq(pushSubscriptions.id, device.id));
    return;
  }
  // The browser unsubscribed, or the push service forgot it: it will never take a push again.
  if (answer.status === 404 || answer.status === 410) {
    await db().delete(pushSubscriptions).where(eq(pushSubscriptions.id, device.id));
    return;
  }
  if (answer.status === 429 || answer.status >= 500) throw new Error(`Push service answered ${answer.status}; retrying`);
  console.error(`[push] ${device.endpoint.slice(0, 60)}… refused a push (${answer.status}): ${answer.body.slice(0, 200)}`);
});

