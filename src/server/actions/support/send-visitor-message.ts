import type { z } from "zod";
import type { visitorSendInput } from "@/shared/support";
import { requireVisitorConversation } from "../../access/support";
import { toVisitorMessages } from "../../queries/support";
import { messageRow } from "../../queries/message-views";
import { defineAction } from "../context";
import { emitConversation } from "./conversation-events";
import { writeVisitorMessage } from "./visitor-message";

/** The visitor writes in one of their conversations (a closed one opens again). */
export const sendVisitorMessage = defineAction({ actors: ["visitor"], onUniqueViolation: "retry" }, async (ctx, input: z.output<typeof visitorSendInput>) => {
  const conversation = await requireVisitorConversation(ctx.tx, input.conversationId, ctx.actor.visitorId);
  const view = await writeVisitorMessage(ctx, conversation, ctx.actor.userId, input);
  await emitConversation(ctx, conversation.id);
  const [message] = await toVisitorMessages(ctx.tx, [(await messageRow(ctx.tx, view.id))!], ctx.actor.userId);
  return message!;
});
