import { eq, sql } from "drizzle-orm";
import { topics } from "@/shared/events";
import { requireReadableChannel } from "../../access/channels";
import { notFound } from "../../access/errors";
import type { Tx } from "../../db/client";
import { messages } from "../../db/schema";
import type { Emit } from "../../events";
import { messageView } from "../../queries/message-views";

export const MESSAGE_NOT_FOUND = "That message does not exist or you cannot see it";

/** The message, locked for this transaction, if the actor can read its channel; NOT_FOUND otherwise. */
export async function readableMessage(tx: Tx, messageId: string, actorId: string) {
  const [message] = await tx.select().from(messages).where(eq(messages.id, messageId)).for("update");
  if (!message) throw notFound(MESSAGE_NOT_FOUND);
  const access = await requireReadableChannel(tx, message.channelId, actorId).catch(() => {
    throw notFound(MESSAGE_NOT_FOUND);
  });
  return { message, ...access };
}

/** Bumps the version and tells the channel: every change to a message ends here. */
export async function emitChanged(tx: Tx, emit: Emit, messageId: string) {
  await tx.update(messages).set({ version: sql`${messages.version} + 1` }).where(eq(messages.id, messageId));
  const view = (await messageView(tx, messageId))!;
  emit(topics.channel(view.channelId), { type: "message.updated", message: view });
  return view;
}
