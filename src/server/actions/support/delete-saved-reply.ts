import { eq } from "drizzle-orm";
import { notFound } from "../../access/errors";
import { isAgentOf } from "../../access/support";
import { supportSavedReplies } from "../../db/schema";
import { defineAction } from "../context";

const REPLY_NOT_FOUND = "That saved reply does not exist";

export const deleteSavedReply = defineAction({ actors: ["user"] }, async ({ tx, actor }, input: { replyId: string }) => {
  const [reply] = await tx.select().from(supportSavedReplies).where(eq(supportSavedReplies.id, input.replyId));
  if (!reply || !(await isAgentOf(tx, reply.inboxId, actor.userId))) throw notFound(REPLY_NOT_FOUND);
  await tx.delete(supportSavedReplies).where(eq(supportSavedReplies.id, reply.id));
});
