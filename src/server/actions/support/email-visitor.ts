import { and, asc, eq, gt, ne } from "drizzle-orm";
import { env } from "@/env";
import { widgetPath } from "@/shared/support";
import type { Db, Tx } from "../../db/client";
import { messages, supportConversations, supportInboxes, supportVisitors, users } from "../../db/schema";
import { emailConfigured, emailHtml, escapeHtml, publicLink, sendEmail } from "../../email/mailer";
import { type NewJob, registerJobHandler } from "../../jobs/queue";
import { messageColumns } from "../../queries/message-views";
import { toVisitorMessages, visibleToVisitor } from "../../queries/support";
import { servicesAt } from "../../services";
import { visitorToken } from "../../support/identity";
import { defineAction, runAction, SYSTEM } from "../context";

const ANSWER_JOB = "support-answer";
const TRANSCRIPT_JOB = "support-transcript";

/** One pending answer email per conversation: answers written meanwhile go out together. */
export const visitorEmailJob = (conversationId: string, runAt: Date): NewJob => ({ kind: ANSWER_JOB, key: `${ANSWER_JOB}:${conversationId}`, payload: { conversationId }, runAt });
export const transcriptJob = (conversationId: string, email: string, now: Date): NewJob => ({
  kind: TRANSCRIPT_JOB,
  key: `${TRANSCRIPT_JOB}:${conversationId}:${now.getTime()}`,
  payload: { conversationId, email },
});

/** Replies to this address land back in the conversation (plus addressing on SUPPORT_REPLY_ADDRESS). */
export function replyAddress(replyToken: string): string | undefined {
  const address = env().SUPPORT_REPLY_ADDRESS;
  if (!address) return undefined;
  const at = address.lastIndexOf("@");
  return `${address.slice(0, at)}+${replyToken}${address.slice(at)}`;
}

async function conversationFor(tx: Db | Tx, conversationId: string) {
  const [row] = await tx
    .select({ conversation: supportConversations, visitor: supportVisitors, inbox: supportInboxes, visitorName: users.name })
    .from(supportConversations)
    .innerJoin(supportVisitors, eq(supportVisitors.id, supportConversations.visitorId))
    .innerJoin(supportInboxes, eq(supportInboxes.id, supportConversations.inboxId))
    .innerJoin(users, eq(users.id, supportVisitors.userId))
    .where(eq(supportConversations.id, conversationId));
  return row;
}

type Found = NonNullable<Awaited<ReturnType<typeof conversationFor>>>;

/** The way back into the chat from an email, on any device: the widget's own page, holding the visitor's token. */
const chatLink = ({ inbox, visitor, conversation }: Found, now: Date) =>
  publicLink(`${widgetPath(inbox.key)}?resume=${encodeURIComponent(visitorToken(visitor, now))}&conversation=${conversation.id}`);

function compose(found: Found, lines: Awaited<ReturnType<typeof toVisitorMessages>>, now: Date, heading: string) {
  const link = chatLink(found, now);
  const text = lines.map((line) => `${line.authorName}: ${line.body}${line.files.length ? ` [${line.files.map((file) => file.name).join(", ")}]` : ""}`).join("\n\n");
  const html = lines
    .map((line) => `<p style="margin:0 0 12px"><strong>${escapeHtml(line.authorName)}</strong><br>${escapeHtml(line.body).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
  const canReply = Boolean(replyAddress(found.conversation.replyToken));
  return {
    text: `${heading}\n\n${text}\n\n${canReply ? "Reply to this email, or continue" : "Continue"} in the chat: ${link}\n`,
    html: emailHtml({
      heading,
      bodyHtml: `${html}<p><a href="${escapeHtml(link)}" style="color:${found.inbox.color}">Continue in the chat</a></p>`,
      footerHtml: canReply ? "Reply to this email and your answer joins the conversation." : undefined,
    }),
    replyTo: replyAddress(found.conversation.replyToken),
  };
}

/**
 * The team answered while the visitor was away: what they have not read yet (and were not emailed already) goes
 * to them by email, with a way back to the chat. A visitor in the widget right now reads it there instead.
 */
export const emailVisitorAnswers = defineAction({ actors: ["system"] }, async ({ tx, services }, input: { conversationId: string }) => {
  const found = await conversationFor(tx, input.conversationId);
  if (!found?.visitor.email || !emailConfigured()) return;
  if ((await services.presence.presenceOf([found.visitor.userId])).has(found.visitor.userId)) return;
  const after = Math.max(found.conversation.emailedSeq, found.conversation.visitorReadSeq);
  const rows = await tx
    .select(messageColumns)
    .from(messages)
    .where(and(eq(messages.channelId, found.conversation.id), visibleToVisitor, gt(messages.seq, after), ne(messages.authorId, found.visitor.userId)))
    .orderBy(asc(messages.seq));
  const unread = (await toVisitorMessages(tx, rows, found.visitor.userId)).filter((line) => !line.deletedAt);
  if (unread.length === 0) return;
  const now = services.clock.now();
  await sendEmail({ to: found.visitor.email, subject: `New reply from ${found.inbox.name}`, ...compose(found, unread, now, `${found.inbox.name} answered you`) });
  await tx.update(supportConversations).set({ emailedSeq: rows[rows.length - 1]!.seq }).where(eq(supportConversations.id, found.conversation.id));
});

/** The whole conversation as the visitor saw it, to the address they asked it sent to. */
export const emailTranscript = defineAction({ actors: ["system"], transaction: false }, async ({ tx, services }, input: { conversationId: string; email: string }) => {
  const found = await conversationFor(tx, input.conversationId);
  if (!found || !emailConfigured()) return;
  const rows = await tx.select(messageColumns).from(messages).where(and(eq(messages.channelId, found.conversation.id), visibleToVisitor)).orderBy(asc(messages.seq));
  const lines = (await toVisitorMessages(tx, rows, found.visitor.userId)).filter((line) => !line.deletedAt);
  const day = found.conversation.createdAt.toISOString().slice(0, 10);
  await sendEmail({ to: input.email, subject: `Your conversation with ${found.inbox.name} (${day})`, ...compose(found, lines, services.clock.now(), `Your conversation with ${found.inbox.name}`) });
});

registerJobHandler(ANSWER_JOB, (job, now) => runAction(SYSTEM, emailVisitorAnswers, { conversationId: String(job.payload.conversationId) }, servicesAt(now)));
registerJobHandler(TRANSCRIPT_JOB, (job, now) =>
  runAction(SYSTEM, emailTranscript, { conversationId: String(job.payload.conversationId), email: String(job.payload.email) }, servicesAt(now)),
);
