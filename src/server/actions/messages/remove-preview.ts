import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { removePreviewInput } from "@/shared/previews";
import { forbidden, notFound } from "../../access/errors";
import { readableMessage } from "../../access/messages";
import { messagePreviews } from "../../db/schema";
import { defineAction } from "../context";
import { emitChanged } from "./message-changed";

/** The author takes a preview off their message, for everyone. */
export const removePreview = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof removePreviewInput>) => {
  const { tx, actor } = ctx;
  const { message } = await readableMessage(tx, input.messageId, actor.userId);
  if (message.authorId !== actor.userId) throw forbidden("Only the author can remove a preview");
  const removed = await tx
    .update(messagePreviews)
    .set({ removed: true })
    .where(and(eq(messagePreviews.messageId, input.messageId), eq(messagePreviews.url, input.url)))
    .returning({ url: messagePreviews.url });
  if (removed.length === 0) throw notFound("That message has no preview of that link");
  return emitChanged(ctx, input.messageId);
});
