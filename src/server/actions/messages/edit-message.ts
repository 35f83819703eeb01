import { eq } from "drizzle-orm";
import type { z } from "zod";
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

export const editMessage = defineAction({ actors: ["user", "bot"] }, async (ctx, input: z.output<typeof editMessageInput>) => {
  const { tx, actor, services } = ctx;
  const { message, channel } = await readableMessage(tx, input.messageId, actor.userId);
  if (message.authorId !== actor.userId || message.kind !== "user") throw forbidden("You can only edit your own messages");
  if (message.deletedAt) throw badRequest("That message was deleted");
  requireNotArchived(channel);
  const unchanged = message.body === input.body;
  if (!unchanged) await tx.update(messages).set({ body: input.body, editedAt: services.clock.now() }).where(eq(messages.id, input.messageId));
  const view = unchanged ? (await messageView(tx, input.messageId))! : await emitChanged(ctx, input.messageId);
  // New links get previews; links edited away take theirs along.
  if (linksIn(view.body).length > 0 || view.previews.length > 0) {
    ctx.afterCommit(() => runInBackground("previews", () => runAction(SYSTEM, refreshLinkPreviews, { messageId: input.messageId }, services)));
  }
  return view;
});
