import { editMessageInput, historyInput, messageIdInput, reactionInput, sendMessageInput, threadInput } from "@/shared/messages";
import { deleteMessage, editMessage, toggleReaction } from "../../actions/messages/change-message";
import { sendMessage } from "../../actions/messages/send-message";
import { getThread, listHistory } from "../../queries/messages";
import { authedProcedure, router } from "../trpc";

export const messagesRouter = router({
  history: authedProcedure.input(historyInput).query(({ ctx, input }) => listHistory(ctx.userId, input)),
  thread: authedProcedure.input(threadInput).query(({ ctx, input }) => getThread(ctx.userId, input.rootId)),
  send: authedProcedure.input(sendMessageInput).mutation(({ ctx, input }) => sendMessage(ctx.userId, input)),
  edit: authedProcedure.input(editMessageInput).mutation(({ ctx, input }) => editMessage(ctx.userId, input.messageId, input.body)),
  delete: authedProcedure.input(messageIdInput).mutation(({ ctx, input }) => deleteMessage(ctx.userId, input.messageId)),
  react: authedProcedure.input(reactionInput).mutation(({ ctx, input }) => toggleReaction(ctx.userId, input.messageId, input.emoji)),
});
