import { channelIdInput } from "@/shared/channels";
import { removePreviewInput } from "@/shared/previews";
import { workspaceIdInput } from "@/shared/workspaces";
import { editMessageInput, flagInput, historyInput, messageIdInput, reactionInput, sendMessageInput, threadInput } from "@/shared/messages";
import { runAction } from "../../actions/context";
import { deleteMessage } from "../../actions/messages/delete-message";
import { editMessage } from "../../actions/messages/edit-message";
import { markThreadRead } from "../../actions/messages/mark-thread-read";
import { removePreview } from "../../actions/messages/remove-preview";
import { sendMessage } from "../../actions/messages/send-message";
import { setPinned } from "../../actions/messages/set-pinned";
import { setSaved } from "../../actions/messages/set-saved";
import { toggleReaction } from "../../actions/messages/toggle-reaction";
import { getThread, listFollowedThreads, listHistory, listPins, listSaved } from "../../queries/messages";
import { authedProcedure, router } from "../trpc";

export const messagesRouter = router({
  history: authedProcedure.input(historyInput).query(({ ctx, input }) => listHistory(ctx.userId, input)),
  thread: authedProcedure.input(threadInput).query(({ ctx, input }) => getThread(ctx.userId, input.rootId)),
  send: authedProcedure.input(sendMessageInput).mutation(({ ctx, input }) => runAction(ctx.actor, sendMessage, input)),
  edit: authedProcedure.input(editMessageInput).mutation(({ ctx, input }) => runAction(ctx.actor, editMessage, input)),
  removePreview: authedProcedure.input(removePreviewInput).mutation(({ ctx, input }) => runAction(ctx.actor, removePreview, input)),
  delete: authedProcedure.input(messageIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, deleteMessage, input)),
  pins: authedProcedure.input(channelIdInput).query(({ ctx, input }) => listPins(ctx.userId, input.channelId)),
  saved: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listSaved(ctx.userId, input.workspaceId)),
  threads: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listFollowedThreads(ctx.userId, input.workspaceId)),
  setPinned: authedProcedure.input(flagInput).mutation(({ ctx, input }) => runAction(ctx.actor, setPinned, input)),
  setSaved: authedProcedure.input(flagInput).mutation(({ ctx, input }) => runAction(ctx.actor, setSaved, input)),
  markThreadRead: authedProcedure.input(threadInput).mutation(({ ctx, input }) => runAction(ctx.actor, markThreadRead, input)),
  react: authedProcedure.input(reactionInput).mutation(({ ctx, input }) => runAction(ctx.actor, toggleReaction, input)),
});
