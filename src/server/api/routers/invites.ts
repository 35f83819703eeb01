import { createInviteInput, inviteIdInput, inviteTokenInput, workspaceIdInput } from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { acceptInvite } from "../../actions/invites/accept-invite";
import { createInvite } from "../../actions/invites/create-invite";
import { revokeInvite } from "../../actions/invites/revoke-invite";
import { invitePreview, listInvites } from "../../queries/invites";
import { authedProcedure, publicProcedure, router } from "../trpc";

export const invitesRouter = router({
  preview: publicProcedure.input(inviteTokenInput).query(({ input }) => invitePreview(input.token)),
  list: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listInvites(ctx.userId, input.workspaceId)),
  create: authedProcedure.input(createInviteInput).mutation(({ ctx, input }) => runAction(ctx.actor, createInvite, input)),
  revoke: authedProcedure.input(inviteIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, revokeInvite, input)),
  accept: authedProcedure.input(inviteTokenInput).mutation(({ ctx, input }) => runAction(ctx.actor, acceptInvite, input)),
});
