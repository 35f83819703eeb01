import { and, eq, inArray, lte } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { isConversation } from "@/shared/channels";
import { parseMentions } from "@/shared/mentions";
import { groupBy } from "@/shared/group-by";
import { messagePath } from "@/shared/messages";
import { type EmailFrequency, notificationText } from "@/shared/notifications";
import type { Db, Tx } from "../../db/client";
import { channelMembers, channels, emailQueue, messages, users, workspaces } from "../../db/schema";
import { emailHtml, escapeHtml, publicLink, sendEmail } from "../../email/mailer";
import { type NewJob, registerJobHandler } from "../../jobs/queue";
import { getNotificationPreferences } from "../../queries/notifications";
import { defineAction, runAction, SYSTEM } from "../context";
import { servicesAt } from "../../services";
import { unsubscribeLink } from "./unsubscribe-link";

export const EMAIL_JOB = "email";

const BATCH_MS: Record<Exclude<EmailFrequency, "never">, number> = { after_15_minutes: 15 * 60_000, hourly: 60 * 60_000 };
const batchDelay = (frequency: EmailFrequency) => BATCH_MS[frequency === "never" ? "after_15_minutes" : frequency];

/** The person's next missed-activity email: one job per person, so messages meanwhile join the same batch. */
export function emailBatchJob(userId: string, frequency: EmailFrequency, now: Date): NewJob {
  return { kind: EMAIL_JOB, key: `${EMAIL_JOB}:${userId}`, payload: { userId }, runAt: new Date(now.getTime() + batchDelay(frequency)) };
}

const author = alias(users, "author");

async function waitingFor(tx: Db | Tx, userId: string, now: Date) {
  return tx
    .select({
      messageId: emailQueue.messageId,
      seq: emailQueue.seq,
      reason: emailQueue.reason,
      body: messages.body,
      threadRootId: messages.threadRootId,
      channelId: messages.channelId,
      deletedAt: messages.deletedAt,
      createdAt: messages.createdAt,
      authorName: author.name,
      channelKind: channels.kind,
      channelName: channels.name,
      workspaceName: workspaces.name,
      slug: workspaces.slug,
      // Null when the person left the channel since: then nothing of it is sent.
      lastReadSeq: channelMembers.lastReadSeq,
    })
    .from(emailQueue)
    .innerJoin(messages, eq(messages.id, emailQueue.messageId))
    .innerJoin(channels, eq(channels.id, emailQueue.channelId))
    .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
    .leftJoin(author, eq(author.id, messages.authorId))
    .leftJoin(channelMembers, and(eq(channelMembers.channelId, emailQueue.channelId), eq(channelMembers.userId, emailQueue.userId)))
    .where(and(eq(emailQueue.userId, userId), lte(emailQueue.createdAt, now)))
    .orderBy(emailQueue.createdAt);
}

type Waiting = Awaited<ReturnType<typeof waitingFor>>[number];

function conversationTitle(message: Waiting): string {
  if (message.channelKind === "dm") return `Direct messages with ${message.authorName ?? "someone"}`;
  if (isConversation(message.channelKind)) return "Group direct messages";
  if (message.channelKind === "support") return `Support: ${message.channelName} (${message.workspaceName})`;
  return `#${message.channelName} (${message.workspaceName})`;
}

function subjectOf(unread: Waiting[]): string {
  if (unread.length === 1) {
    const [only] = unread as [Waiting];
    const who = only.authorName ?? "Someone";
    if (isConversation(only.channelKind)) return `${who} sent you a message`;
    if (only.channelKind === "support") return `${who} wrote to ${only.workspaceName} support`;
    return `${who} ${only.reason === "keyword" ? "mentioned a keyword of yours" : "mentioned you"} in #${only.channelName}`;
  }
  const workspaceNames = new Set(unread.map((message) => message.workspaceName));
  return `${unread.length} unread messages${workspaceNames.size === 1 ? ` in ${[...workspaceNames][0]}` : ""}`;
}

/** The email: grouped by conversation, oldest first, each message with a link to it; plain text and HTML. */
async function composeMissedActivity(tx: Db | Tx, userId: string, unread: Waiting[]) {
  const mentioned = [...new Set(unread.flatMap((message) => parseMentions(message.body).userIds))];
  const names = new Map(
    mentioned.length ? (await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, mentioned))).map((row) => [row.id, row.name]) : [],
  );
  const groups = groupBy(unread, (message) => message.channelId);
  const text: string[] = [];
  const html: string[] = [];
  for (const group of groups.values()) {
    text.push(conversationTitle(group[0]!));
    html.push(`<h2 style="font-size:15px;margin:20px 0 8px">${escapeHtml(conversationTitle(group[0]!))}</h2>`);
    for (const message of group) {
      const link = publicLink(messagePath(message.slug, { id: message.messageId, channelId: message.channelId, threadRootId: message.threadRootId }));
      const words = notificationText(message.body, (id) => names.get(id));
      const time = message.createdAt.toISOString().slice(11, 16);
      text.push(`  ${message.authorName ?? "Someone"} (${time} UTC): ${words}\n  ${link}`);
      html.push(
        `<p style="margin:0 0 10px"><strong>${escapeHtml(message.authorName ?? "Someone")}</strong> <span style="color:#6b7280">${time} UTC</span><br>${escapeHtml(words)}<br><a href="${escapeHtml(link)}">Open in Confab</a></p>`,
      );
    }
    text.push("");
  }
  const unsubscribe = unsubscribeLink(userId);
  return {
    subject: subjectOf(unread),
    text: `You have unread messages in Confab:\n\n${text.join("\n")}\nStop these emails: ${unsubscribe}\n`,
    html: emailHtml({
      heading: "You have unread messages",
      bodyHtml: html.join("\n"),
      footerHtml: `You get this because you were mentioned or messaged while away. <a href="${escapeHtml(unsubscribe)}">Stop these emails</a>.`,
    }),
    headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

/**
 * A batch falls due: what is still unread (and still readable by the person) goes out in one email; what was read
 * in time is dropped silently. Sent before the queue rows are removed, so a failed send is retried whole.
 */
export const sendEmailBatch = defineAction({ actors: ["system"], transaction: false }, async (ctx, input: { userId: string }) => {
  const { tx, services } = ctx;
  const { userId } = input;
  const now = services.clock.now();
  const [person] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  const waiting = await waitingFor(tx, userId, now);
  const preferences = await getNotificationPreferences(userId);
  const unread = waiting.filter((message) => !message.deletedAt && message.lastReadSeq !== null && message.lastReadSeq < message.seq);
  if (person && unread.length > 0 && preferences.email !== "never") {
    await sendEmail({ to: person.email, ...(await composeMissedActivity(tx, userId, unread)) });
  }
  if (waiting.length > 0) {
    await tx
      .delete(emailQueue)
      .where(and(eq(emailQueue.userId, userId), inArray(emailQueue.messageId, waiting.map((message) => message.messageId))));
  }
  // Messages that arrived while this batch was being sent start the next one.
  const [later] = await tx.select({ messageId: emailQueue.messageId }).from(emailQueue).where(eq(emailQueue.userId, userId)).limit(1);
  return later ? { runAgainAt: new Date(now.getTime() + batchDelay(preferences.email)) } : undefined;
});

registerJobHandler(EMAIL_JOB, (job, now) => runAction(SYSTEM, sendEmailBatch, { userId: String(job.payload.userId) }, servicesAt(now)));
