import {
  changeRoleInput,
  createWorkspaceInput,
  removeMemberInput,
  updateWorkspaceInput,
  workspaceIdInput,
} from "@/shared/workspaces";
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
  create: authedProcedure.input(createWorkspaceInput).mutation(({ ctx, input }) => createWorkspace(ctx.userId, input)),
  update: authedProcedure.input(updateWorkspaceInput).mutation(({ ctx, input }) => updateWorkspace(ctx.userId, input)),
  leave: authedProcedure.input(workspaceIdInput).mutation(({ ctx, input }) => leaveWorkspace(ctx.userId, input.workspaceId)),
  changeRole: authedProcedure.input(changeRoleInput).mutation(({ ctx, input }) => changeMemberRole(ctx.userId, input)),
  removeMember: authedProcedure.input(removeMemberInput).mutation(({ ctx, input }) => removeMember(ctx.userId, input)),
});
