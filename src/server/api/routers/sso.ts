import { claimDomainInput, connectionIdInput, createOidcConnectionInput, createSamlConnectionInput, domainIdInput, requireSsoInput, updateConnectionInput } from "@/shared/sso";
import { workspaceIdInput } from "@/shared/workspaces";
import { createOidcConnection, createSamlConnection, deleteConnection, updateConnection } from "../../actions/sso/connections";
import { claimDomain, removeDomain, verifyDomain } from "../../actions/sso/domains";
import { setRequireSso } from "../../actions/sso/require-sso";
import { listAuditLog, ssoSettings } from "../../queries/sso";
import { authedProcedure, router } from "../trpc";

export const ssoRouter = router({
  settings: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => ssoSettings(ctx.userId, input.workspaceId)),
  auditLog: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listAuditLog(ctx.userId, input.workspaceId)),
  createOidcConnection: authedProcedure.input(createOidcConnectionInput).mutation(({ ctx, input }) => createOidcConnection(ctx.userId, input)),
  createSamlConnection: authedProcedure.input(createSamlConnectionInput).mutation(({ ctx, input }) => createSamlConnection(ctx.userId, input)),
  updateConnection: authedProcedure.input(updateConnectionInput).mutation(({ ctx, input }) => updateConnection(ctx.userId, input)),
  deleteConnection: authedProcedure.input(connectionIdInput).mutation(({ ctx, input }) => deleteConnection(ctx.userId, input.connectionId)),
  claimDomain: authedProcedure.input(claimDomainInput).mutation(({ ctx, input }) => claimDomain(ctx.userId, input)),
  verifyDomain: authedProcedure.input(domainIdInput).mutation(({ ctx, input }) => verifyDomain(ctx.userId, input.domainId)),
  removeDomain: authedProcedure.input(domainIdInput).mutation(({ ctx, input }) => removeDomain(ctx.userId, input.domainId)),
  setRequireSso: authedProcedure.input(requireSsoInput).mutation(({ ctx, input }) => setRequireSso(ctx.userId, input.workspaceId, input.on)),
});
