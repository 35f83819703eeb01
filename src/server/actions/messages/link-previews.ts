import { and, eq, notInArray } from "drizzle-orm";
import type { z } from "zod";
import { linksIn, type removePreviewInput } from "@/shared/previews";
import { forbidden, notFound } from "../../access/errors";
import { db } from "../../db/client";
import { messagePreviews, messages } from "../../db/schema";
import { inTransaction } from "../../events";
import { previewFor } from "../../previews/link-preview";
import { emitChanged, readableMessage } from "./readable-message";
import { runInBackground } from "../../jobs/background";

/**
 * Gives a message the previews of the links it now contains (after a send or an edit): pages are fetched outside any
 * transaction, then the message's list is brought up to date and everyone reading the channel sees it live.
 */
export async function refreshPreviews(messageId: string) {
  const [message] = await db().select({ body: messages.body, deletedAt: messages.deletedAt }).from(messages).where(eq(messages.id, messageId));
  if (!message || message.deletedAt) return;
  const urls = linksIn(message.body);
  const shown = await db().select({ url: messagePreviews.url }).from(messagePreviews).where(eq(messagePreviews.messageId, messageId));
  if (urls.length === 0 && shown.length === 0) return;
  await Promise.all(urls.map(previewFor));
  await inTransaction(async (tx, emit) => {
    const [current] = await tx.select({ body: messages.body }).from(messages).where(eq(messages.id, messageId)).for("update");
    // Edited again while the pages loaded: that edit's own refresh will bring its links.
    if (!current || current.body !== message.body) return;
    await tx.delete(messagePreviews).where(and(eq(messagePreviews.messageId, messageId), urls.length ? notInArray(messagePreviews.url, urls) : undefined));
    for (const [position, url] of urls.entries()) {
      await tx.insert(messagePreviews).values({ messageId, url, position }).onConflictDoUpdate({ target: [messagePreviews.messageId, messagePreviews.url], set: { position } });
    }
    await emitChanged(tx, emit, messageId);
  });
}

/** Starts a refresh without holding up the send or edit that caused it. */
export function refreshPreviewsLater(messageId: string) {
  runInBackground("previews", () => refreshPreviews(messageId));
}

/** The author takes a preview off their message, for everyone. */
export async function removePreview(actorId: string, input: z.output<typeof removePreviewInput>) {
  return inTransaction(async (tx, emit) => {
    const { message } = await readableMessage(tx, input.messageId, actorId);
    if (message.authorId !== actorId) throw forbidden("Only the author can remove a preview");
    const removed = await tx
      .update(messagePreviews)
      .set({ removed: true })
      .where(and(eq(messagePreviews.messageId, input.messageId), eq(messagePreviews.url, input.url)))
      .returning({ url: messagePreviews.url });
    if (removed.length === 0) throw notFound("That message has no preview of that link");
    return emitChanged(tx, emit, input.messageId);
  });
}
