import { topics } from "@/shared/events";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { flagInput } from "@/shared/messages";
import { readableMessage } from "../../access/messages";
import { savedMessages } from "../../db/schema";
import { defineAction } from "../context";

/** "Save for later" is private to the person who saved. */
export const setSaved = defineAction({ actors: ["user"] }, async ({ tx, actor, emit }, input: z.output<typeof flagInput>) => {
  const { messageId, on: saved } = input;
  const { channel } = await readableMessage(tx, messageId, actor.userId);
  if (saved) await tx.insert(savedMessages).values({ userId: actor.userId, messageId }).onConflictDoNothing();
  else await tx.delete(savedMessages).where(and(eq(savedMessages.userId, actor.userId), eq(savedMessages.messageId, messageId)));
  emit(topics.user(actor.userId), { type: "message.saved", workspaceId: channel.workspaceId, messageId, saved });
  return { saved };
});
