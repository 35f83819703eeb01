import { channelIdInput } from "@/shared/channels";
import { removePreviewInput } from "@/shared/previews";
import { workspaceIdInput } from "@/shared/workspaces";
import { editMessageInput, flagInput, historyInput, messageIdInput, reactionInput, sendMessageInput, threadInput } from "@/shared/messages";
import { deleteMessage, editMessage, toggleReaction } from "../../actions/messages/change-message";
import { removePreview } from "../../actions/messages/link-previews";
import { sendMessage } from "../../actions/messages/send-message";
import { setPinned, markThreadRead, setSaved } from "../../actions/messages/keep-message";
import { getThread, listFollowedThreads, listHistory, listPins, listSaved } from "../../queries/messages";
import { authedProcedure, router } from "../trpc";

export const messagesRouter = router({
  history: authedProcedure.input(historyInput).query(({ ctx, input }) => listHistory(ctx.userId, input)),
  thread: authedProcedure.input(threadInput).query(({ ctx, input }) => getThread(ctx.userId, input.rootId)),
  send: authedProcedure.input(sendMessageInput).mutation(({ ctx, input }) => sendMessage(ctx.userId, input)),
  edit: authedProcedure.input(editMessageInput).mutation(({ ctx, input }) => editMessage(ctx.userId, input.messageId, input.body)),
  removePreview: authedProcedure.input(removePreviewInput).mutation(({ ctx, input }) => removePreview(ctx.userId, input)),
  delete: authedProcedure.input(messageIdInput).mutation(({ ctx, input }) => deleteMessage(ctx.userId, input.messageId)),
  pins: authedProcedure.input(channelIdInput).query(({ ctx, input }) => listPins(ctx.userId, input.channelId)),
  saved: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listSaved(ctx.userId, input.workspaceId)),
  threads: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listFollowedThreads(ctx.userId, input.workspaceId)),
  setPinned: authedProcedure.input(flagInput).mutation(({ ctx, input }) => setPinned(ctx.userId, input.messageId, input.on)),
  setSaved: authedProcedure.input(flagInput).mutation(({ ctx, input }) => setSaved(ctx.userId, input.messageId, input.on)),
  markThreadRead: authedProcedure.input(threadInput).mutation(({ ctx, input }) => markThreadRead(ctx.userId, input.rootId)),
  react: authedProcedure.input(reactionInput).mutation(({ ctx, input }) => toggleReaction(ctx.userId, input.messageId, input.emoji)),
});
