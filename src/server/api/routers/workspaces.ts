import {
  changeRoleInput,
  createWorkspaceInput,
  removeMemberInput,
  updateWorkspaceInput,
  workspaceIdInput,
} from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { changeMemberRole } from "../../actions/workspaces/change-member-role";
import { createWorkspace } from "../../actions/workspaces/create-workspace";
import { leaveWorkspace } from "../../actions/workspaces/leave-workspace";
import { removeMember } from "../../actions/workspaces/remove-member";
import { updateWorkspace } from "../../actions/workspaces/update-workspace";
import { listMembers, listMyWorkspaces } from "../../queries/workspaces";
import { authedProcedure, router } from "../trpc";

export const workspacesRouter = router({
  list: authedProcedure.query(({ ctx }) => listMyWorkspaces(ctx.userId)),
  members: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listMembers(ctx.userId, input.workspaceId)),
  create: authedProcedure.input(createWorkspaceInput).mutation(({ ctx, input }) => runAction(ctx.actor, createWorkspace, input)),
  update: authedProcedure.input(updateWorkspaceInput).mutation(({ ctx, input }) => runAction(ctx.actor, updateWorkspace, input)),
  leave: authedProcedure.input(workspaceIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, leaveWorkspace, input)),
  changeRole: authedProcedure.input(changeRoleInput).mutation(({ ctx, input }) => runAction(ctx.actor, changeMemberRole, input)),
  removeMember: authedProcedure.input(removeMemberInput).mutation(({ ctx, input }) => runAction(ctx.actor, removeMember, input)),
});
