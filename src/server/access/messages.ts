import { eq } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { messages } from "../db/schema";
import { requireReadableChannel } from "./channels";
import { notFound } from "./errors";

export const MESSAGE_NOT_FOUND = "That message does not exist or you cannot see it";

/** The message, locked for this transaction, if the actor can read its channel; NOT_FOUND otherwise. */
export async function readableMessage(tx: Db | Tx, messageId: string, actorId: string) {
  const [message] = await tx.select().from(messages).where(eq(messages.id, messageId)).for("update");
  if (!message) throw notFound(MESSAGE_NOT_FOUND);
  const access = await requireReadableChannel(tx, message.channelId, actorId).catch(() => {
    throw notFound(MESSAGE_NOT_FOUND);
  });
  return { message, ...access };
}
