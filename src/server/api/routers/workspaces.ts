import {
  changeRoleInput,
  createWorkspaceInput,
  memberDirectoryInput,
  removeMemberInput,
  transferOwnershipInput,
  updateWorkspaceInput,
  workspaceIdInput,
} from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { changeMemberRole } from "../../actions/workspaces/change-member-role";
import { createWorkspace } from "../../actions/workspaces/create-workspace";
import { leaveWorkspace } from "../../actions/workspaces/leave-workspace";
import { removeMember } from "../../actions/workspaces/remove-member";
import { updateWorkspace } from "../../actions/workspaces/update-workspace";
import { deactivateMember } from "../../actions/workspaces/deactivate-member";
import { reactivateMember } from "../../actions/workspaces/reactivate-member";
import { transferOwnership } from "../../actions/workspaces/transfer-ownership";
import { listMembers, listMyWorkspaces, memberDirectory } from "../../queries/workspaces";
import { authedProcedure, router } from "../trpc";

export const workspacesRouter = router({
  list: authedProcedure.query(({ ctx }) => listMyWorkspaces(ctx.userId)),
  members: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listMembers(ctx.userId, input.workspaceId)),
  create: authedProcedure.input(createWorkspaceInput).mutation(({ ctx, input }) => runAction(ctx.actor, createWorkspace, input)),
  update: authedProcedure.input(updateWorkspaceInput).mutation(({ ctx, input }) => runAction(ctx.actor, updateWorkspace, input)),
  leave: authedProcedure.input(workspaceIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, leaveWorkspace, input)),
  changeRole: authedProcedure.input(changeRoleInput).mutation(({ ctx, input }) => runAction(ctx.actor, changeMemberRole, input)),
  removeMember: authedProcedure.input(removeMemberInput).mutation(({ ctx, input }) => runAction(ctx.actor, removeMember, input)),
  directory: authedProcedure.input(memberDirectoryInput).query(({ ctx, input }) => memberDirectory(ctx.userId, input)),
  deactivateMember: authedProcedure.input(removeMemberInput).mutation(({ ctx, input }) => runAction(ctx.actor, deactivateMember, input)),
  reactivateMember: authedProcedure.input(removeMemberInput).mutation(({ ctx, input }) => runAction(ctx.actor, reactivateMember, input)),
  transferOwnership: authedProcedure.input(transferOwnershipInput).mutation(({ ctx, input }) => runAction(ctx.actor, transferOwnership, input)),
});
