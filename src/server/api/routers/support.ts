import { z } from "zod";
import { assignInput, conversationIdInput, conversationListInput, createInboxInput, inboxIdInput, replyInput, reportInput, savedReplyInput, updateInboxInput } from "@/shared/support";
import { workspaceIdInput } from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { assignConversation } from "../../actions/support/assign-conversation";
import { closeConversation } from "../../actions/support/close-conversation";
import { createInbox } from "../../actions/support/create-inbox";
import { createSavedReply } from "../../actions/support/create-saved-reply";
import { deleteInbox } from "../../actions/support/delete-inbox";
import { deleteSavedReply } from "../../actions/support/delete-saved-reply";
import { reopenConversation } from "../../actions/support/reopen-conversation";
import { replyToVisitor } from "../../actions/support/reply-to-visitor";
import { updateInbox } from "../../actions/support/update-inbox";
import { conversationCounts, listConversations, listInboxes, listSavedReplies, visitorDetails } from "../../queries/support";
import { supportReport } from "../../queries/support-report";
import { authedProcedure, router } from "../trpc";

/** Live chat as the workspace sees it: admins set inboxes up, their teams answer. */
export const supportRouter = router({
  inboxes: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listInboxes(ctx.userId, input.workspaceId)),
  createInbox: authedProcedure.input(createInboxInput).mutation(({ ctx, input }) => runAction(ctx.actor, createInbox, input)),
  updateInbox: authedProcedure.input(updateInboxInput).mutation(({ ctx, input }) => runAction(ctx.actor, updateInbox, input)),
  deleteInbox: authedProcedure.input(inboxIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, deleteInbox, input)),
  counts: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => conversationCounts(ctx.userId, input.workspaceId)),
  conversations: authedProcedure.input(conversationListInput).query(({ ctx, input }) => listConversations(ctx.userId, input)),
  conversation: authedProcedure.input(conversationIdInput).query(({ ctx, input }) => visitorDetails(ctx.userId, input.conversationId)),
  reply: authedProcedure.input(replyInput).mutation(({ ctx, input }) => runAction(ctx.actor, replyToVisitor, input)),
  assign: authedProcedure.input(assignInput).mutation(({ ctx, input }) => runAction(ctx.actor, assignConversation, input)),
  close: authedProcedure.input(conversationIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, closeConversation, input)),
  reopen: authedProcedure.input(conversationIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, reopenConversation, input)),
  savedReplies: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listSavedReplies(ctx.userId, input.workspaceId)),
  createSavedReply: authedProcedure.input(savedReplyInput).mutation(({ ctx, input }) => runAction(ctx.actor, createSavedReply, input)),
  deleteSavedReply: authedProcedure.input(z.object({ replyId: z.string().uuid("Unknown saved reply") })).mutation(({ ctx, input }) => runAction(ctx.actor, deleteSavedReply, input)),
  report: authedProcedure.input(reportInput).query(({ ctx, input }) => supportReport(ctx.userId, input)),
});
