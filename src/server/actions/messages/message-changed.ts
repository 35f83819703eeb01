import { eq, sql } from "drizzle-orm";
import { topics } from "@/shared/events";
import { messages } from "../../db/schema";
import { messageView } from "../../queries/message-views";
import type { ActionContext } from "../context";

/** Bumps the version and tells the channel: every change to a message ends here. */
export async function emitChanged({ tx, emit }: ActionContext, messageId: string) {
  await tx.update(messages).set({ version: sql`${messages.version} + 1` }).where(eq(messages.id, messageId));
  const view = (await messageView(tx, messageId))!;
  emit(topics.channel(view.channelId), { type: "message.updated", message: view });
  return view;
}
