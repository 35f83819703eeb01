import { and, eq, inArray, isNull } from "drizzle-orm";
import { NO_MENTIONS, topics } from "@/shared/events";
import { parseMentions } from "@/shared/mentions";
import { badRequest, notFound } from "../../access/errors";
import { files, messages, supportConversations } from "../../db/schema";
import { enqueueJobs } from "../../jobs/queue";
import { messageColumns, messageView, toMessageViews } from "../../queries/message-views";
import type { ActionContext, ActorOf } from "../context";
import { NOTIFY_JOB, type NotifyJobPayload } from "../messages/notify-recipients";
import { takeSeq } from "../messages/system-message";
import { reopen } from "./reopen";

type VisitorContext = ActionContext<ActorOf<"visitor"> | ActorOf<"system">>;

/**
 * A message from the visitor into their conversation, like any send: the channel's next seq, a retried nonce
 * returns the original, and the notify job tells whoever on the team wants every message (all of it while nobody
 * has the conversation, its assignee after). A closed conversation the visitor writes to opens again.
 */
export async function writeVisitorMessage(
  ctx: VisitorContext,
  conversation: typeof supportConversations.$inferSelect,
  visitorUserId: string,
  input: { body: string; clientNonce: string; fileIds?: string[] },
) {
  const { tx, emit } = ctx;
  const [previous] = await tx.select({ id: messages.id }).from(messages).where(and(eq(messages.authorId, visitorUserId), eq(messages.clientNonce, input.clientNonce)));
  if (previous) {
    const view = await messageView(tx, previous.id);
    if (!view) throw notFound("That message was deleted");
    return view;
  }
  if (conversation.status === "closed") await reopen(ctx, conversation);
  const seq = await takeSeq(tx, conversation.id);
  const [row] = await tx.insert(messages).values({ channelId: conversation.id, seq, authorId: visitorUserId, body: input.body, clientNonce: input.clientNonce }).returning(messageColumns);
  const fileIds = [...new Set(input.fileIds ?? [])];
  if (fileIds.length) {
    const attached = await tx
      .update(files)
      .set({ messageId: row!.id })
      .where(and(inArray(files.id, fileIds), eq(files.uploaderId, visitorUserId), eq(files.channelId, conversation.id), isNull(files.messageId)))
      .returning({ id: files.id });
    if (attached.length !== fileIds.length) throw badRequest("A file was not uploaded to this conversation, or was already sent; upload it again");
  }
  const payload: NotifyJobPayload = { mentions: parseMentions(""), reachedByHere: [] };
  await enqueueJobs(tx, [{ kind: NOTIFY_JOB, key: `${NOTIFY_JOB}:${row!.id}`, payload: payload as unknown as Record<string, unknown> }]);
  await tx
    .update(supportConversations)
    .set({ lastActivityAt: row!.createdAt, visitorReadSeq: seq })
    .where(eq(supportConversations.id, conversation.id));
  const [view] = await toMessageViews(tx, [row!]);
  emit(topics.channel(conversation.id), { type: "message.created", message: view!, mentions: NO_MENTIONS });
  ctx.afterCommit(() => ctx.services.pokeJobs());
  return view!;
}
