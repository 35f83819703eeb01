import type { z } from "zod";
import type { savedReplyInput } from "@/shared/support";
import { conflict, notFound } from "../../access/errors";
import { isAgentOf, INBOX_NOT_FOUND } from "../../access/support";
import { supportSavedReplies } from "../../db/schema";
import { defineAction } from "../context";

/** A canned answer for an inbox, written by anyone on its team and shared with the rest of it. */
export const createSavedReply = defineAction(
  { actors: ["user"], onUniqueViolation: (input: z.output<typeof savedReplyInput>) => conflict(`There is already a saved reply called /${input.shortcut}`) },
  async ({ tx, actor }, input: z.output<typeof savedReplyInput>) => {
    if (!(await isAgentOf(tx, input.inboxId, actor.userId))) throw notFound(INBOX_NOT_FOUND);
    const [reply] = await tx.insert(supportSavedReplies).values({ ...input, createdBy: actor.userId }).returning();
    return reply!;
  },
);
