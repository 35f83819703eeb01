import { createScimTokenInput, scimTokenIdInput } from "@/shared/scim";
import { workspaceIdInput } from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { createScimToken } from "../../actions/scim/create-scim-token";
import { revokeScimToken } from "../../actions/scim/revoke-scim-token";
import { listScimTokens } from "../../queries/scim";
import { authedProcedure, router } from "../trpc";

export const scimRouter = router({
  tokens: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listScimTokens(ctx.userId, input.workspaceId)),
  createToken: authedProcedure.input(createScimTokenInput).mutation(({ ctx, input }) => runAction(ctx.actor, createScimToken, input)),
  revokeToken: authedProcedure.input(scimTokenIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, revokeScimToken, input)),
});
