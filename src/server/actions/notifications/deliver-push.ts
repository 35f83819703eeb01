import { and, eq } from "drizzle-orm";
import { env } from "@/env";
import { type PushContent, type PushPayload, inDoNotDisturbAt } from "@/shared/notifications";
import { channelMembers, channels, messages, notificationPreferences, pushSubscriptions, users, workspaces } from "../../db/schema";
import { enqueueJobs, type NewJob, registerJobHandler } from "../../jobs/queue";
import { type ActionContext, defineAction, runAction, SYSTEM } from "../context";
import { describeForNotifications } from "../../queries/notifications";
import { PUSH_SEND_JOB } from "./send-push";
import { servicesAt } from "../../services";

export const PUSH_JOB = "push";

/** A push about the message for the person, decided again when due (still unread, still away, not in DND). */
export function pushJob(messageId: string, userId: string, runAt: Date): NewJob {
  return { kind: PUSH_JOB, key: `${PUSH_JOB}:${messageId}:${userId}`, payload: { messageId, userId }, runAt };
}

async function payloadFor({ tx, services }: ActionContext, messageId: string, userId: string): Promise<PushPayload | null> {
  const [row] = await tx
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
  if (inDoNotDisturbAt({ dndUntil: row.dndUntil, schedule: row.schedule, timeZone: row.timeZone }, services.clock.now())) return null;
  // Back at a tab: it showed the message (or its desktop notification) already.
  if ((await services.presence.presenceOf([userId])).get(userId) === "active") return null;
  const [described] = await describeForNotifications(tx, [{ message: row.message, channel: { ...row.channel, slug: row.slug } }]);
  return restrictTo(row.pushContent, { ...described!, tag: messageId, channelId: row.message.channelId, seq: row.message.seq });
}

/** What the workspace's admins allow a lock screen to show. */
function restrictTo(content: PushContent, full: PushPayload): PushPayload {
  if (content === "full") return full;
  if (content === "sender_and_channel") return { ...full, body: `New message from ${full.authorName}` };
  return { ...full, title: "Confab", body: "You have a new message", icon: null, authorName: "" };
}

/** A push falls due: if the person should still hear of the message, one push job per device of theirs. */
export const deliverPush = defineAction({ actors: ["system"], transaction: false }, async (ctx, input: { messageId: string; userId: string }) => {
  const { messageId, userId } = input;
  if (!env().vapid) return;
  const payload = await payloadFor(ctx, messageId, userId);
  if (!payload) return;
  const devices = await ctx.tx.select({ id: pushSubscriptions.id }).from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
  // One job per device: a retry for one browser never pushes twice to another.
  await enqueueJobs(
    ctx.tx,
    devices.map((device) => ({ kind: PUSH_SEND_JOB, key: `${PUSH_SEND_JOB}:${messageId}:${device.id}`, payload: { subscriptionId: device.id, notification: payload } })),
  );
  ctx.afterCommit(() => ctx.services.pokeJobs());
});

registerJobHandler(PUSH_JOB, (job, now) => runAction(SYSTEM, deliverPush, job.payload as { messageId: string; userId: string }, servicesAt(now)));
