import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { AppMessageContent } from "@/shared/apps";
import type { editMessageInput } from "@/shared/messages";
import { linksIn } from "@/shared/previews";
import { requireNotArchived } from "../../access/channels";
import { badRequest, forbidden } from "../../access/errors";
import { readableMessage } from "../../access/messages";
import { messages } from "../../db/schema";
import { runInBackground } from "../../jobs/background";
import { messageView } from "../../queries/message-views";
import { defineAction, runAction, SYSTEM } from "../context";
import { emitChanged } from "./message-changed";
import { refreshLinkPreviews } from "./refresh-link-previews";

/** An app's edit may replace its blocks and attachments too (chat.update, a response_url's replace_original). */
export const editMessage = defineAction({ actors: ["user", "bot"] }, async (ctx, input: z.output<typeof editMessageInput> & { appContent?: AppMessageContent }) => {
  const { tx, actor, services } = ctx;
  const { message, channel } = await readableMessage(tx, input.messageId, actor.userId);
  if (message.authorId !== actor.userId || message.kind !== "user") throw forbidden("You can only edit your own messages");
  if (message.deletedAt) throw badRequest("That message was deleted");
  requireNotArchived(channel);
  const content = actor.kind === "bot" ? input.appContent : undefined;
  const unchanged = message.body === input.body && !content;
  if (!unchanged) {
    const rich = content && { blocks: content.blocks.length ? content.blocks : null, attachments: content.attachments.length ? content.attachments : null };
    await tx.update(messages).set({ body: input.body, editedAt: services.clock.now(), ...rich }).where(eq(messages.id, input.messageId));
  }
  const view = unchanged ? (await messageView(tx, input.messageId))! : await emitChanged(ctx, input.messageId);
  // New links get previews; links edited away take theirs along.
  if (linksIn(view.body).length > 0 || view.previews.length > 0) {
    ctx.afterCommit(() => runInBackground("previews", () => runAction(SYSTEM, refreshLinkPreviews, { messageId: input.messageId }, services)));
  }
  return view;
});
