import { and, eq, notInArray } from "drizzle-orm";
import { linksIn } from "@/shared/previews";
import { messagePreviews, messages } from "../../db/schema";
import { previewFor } from "../../previews/link-preview";
import { defineAction } from "../context";
import { emitChanged } from "./message-changed";

/**
 * Gives a message the previews of the links it now contains (after a send or an edit): pages are fetched outside any
 * transaction, then the message's list is brought up to date and everyone reading the channel sees it live.
 */
export const refreshLinkPreviews = defineAction({ actors: ["system"], transaction: false }, async (ctx, input: { messageId: string }) => {
  const { messageId } = input;
  const [message] = await ctx.tx.select({ body: messages.body, deletedAt: messages.deletedAt }).from(messages).where(eq(messages.id, messageId));
  if (!message || message.deletedAt) return;
  const urls = linksIn(message.body);
  const shown = await ctx.tx.select({ url: messagePreviews.url }).from(messagePreviews).where(eq(messagePreviews.messageId, messageId));
  if (urls.length === 0 && shown.length === 0) return;
  await Promise.all(urls.map(previewFor));
  await ctx.tx.transaction(async (tx) => {
    const [current] = await tx.select({ body: messages.body }).from(messages).where(eq(messages.id, messageId)).for("update");
    // Edited again while the pages loaded: that edit's own refresh will bring its links.
    if (!current || current.body !== message.body) return;
    await tx.delete(messagePreviews).where(and(eq(messagePreviews.messageId, messageId), urls.length ? notInArray(messagePreviews.url, urls) : undefined));
    for (const [position, url] of urls.entries()) {
      await tx.insert(messagePreviews).values({ messageId, url, position }).onConflictDoUpdate({ target: [messagePreviews.messageId, messagePreviews.url], set: { position } });
    }
    await emitChanged({ ...ctx, tx }, messageId);
  });
});
