import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { rateInput } from "@/shared/support";
import { badRequest } from "../../access/errors";
import { requireVisitorConversation } from "../../access/support";
import { supportConversations } from "../../db/schema";
import { defineAction } from "../context";
import { emitConversation } from "./conversation-events";

/** The visitor's 1-5 for a closed conversation (they may change their mind). */
export const rateConversation = defineAction({ actors: ["visitor"] }, async (ctx, input: z.output<typeof rateInput>) => {
  const conversation = await requireVisitorConversation(ctx.tx, input.conversationId, ctx.actor.visitorId);
  if (conversation.status !== "closed") throw badRequest("You can rate the conversation once it is over");
  await ctx.tx.update(supportConversations).set({ rating: input.rating }).where(eq(supportConversations.id, conversation.id));
  await emitConversation(ctx, conversation.id);
  return { rating: input.rating };
});
