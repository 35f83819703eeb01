import { createUserGroupInput, updateUserGroupInput, userGroupIdInput } from "@/shared/user-groups";
import { workspaceIdInput } from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { createUserGroup } from "../../actions/groups/create-user-group";
import { deleteUserGroup } from "../../actions/groups/delete-user-group";
import { updateUserGroup } from "../../actions/groups/update-user-group";
import { listUserGroups } from "../../queries/user-groups";
import { authedProcedure, router } from "../trpc";

export const userGroupsRouter = router({
  list: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listUserGroups(ctx.userId, input.workspaceId)),
  create: authedProcedure.input(createUserGroupInput).mutation(({ ctx, input }) => runAction(ctx.actor, createUserGroup, input)),
  update: authedProcedure.input(updateUserGroupInput).mutation(({ ctx, input }) => runAction(ctx.actor, updateUserGroup, input)),
  delete: authedProcedure.input(userGroupIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, deleteUserGroup, input)),
});
