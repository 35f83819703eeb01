import { claimDomainInput, connectionIdInput, createOidcConnectionInput, createSamlConnectionInput, domainIdInput, requireSsoInput, updateConnectionInput } from "@/shared/sso";
import { workspaceIdInput } from "@/shared/workspaces";
import { runAction } from "../../actions/context";
import { claimDomain } from "../../actions/sso/claim-domain";
import { createOidcConnection } from "../../actions/sso/create-oidc-connection";
import { createSamlConnection } from "../../actions/sso/create-saml-connection";
import { deleteConnection } from "../../actions/sso/delete-connection";
import { removeDomain } from "../../actions/sso/remove-domain";
import { setRequireSso } from "../../actions/sso/set-require-sso";
import { updateConnection } from "../../actions/sso/update-connection";
import { verifyDomain } from "../../actions/sso/verify-domain";
import { ssoSettings } from "../../queries/sso";
import { authedProcedure, router } from "../trpc";

export const ssoRouter = router({
  settings: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => ssoSettings(ctx.userId, input.workspaceId)),
  createOidcConnection: authedProcedure.input(createOidcConnectionInput).mutation(({ ctx, input }) => runAction(ctx.actor, createOidcConnection, input)),
  createSamlConnection: authedProcedure.input(createSamlConnectionInput).mutation(({ ctx, input }) => runAction(ctx.actor, createSamlConnection, input)),
  updateConnection: authedProcedure.input(updateConnectionInput).mutation(({ ctx, input }) => runAction(ctx.actor, updateConnection, input)),
  deleteConnection: authedProcedure.input(connectionIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, deleteConnection, input)),
  claimDomain: authedProcedure.input(claimDomainInput).mutation(({ ctx, input }) => runAction(ctx.actor, claimDomain, input)),
  verifyDomain: authedProcedure.input(domainIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, verifyDomain, input)),
  removeDomain: authedProcedure.input(domainIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, removeDomain, input)),
  setRequireSso: authedProcedure.input(requireSsoInput).mutation(({ ctx, input }) => runAction(ctx.actor, setRequireSso, input)),
});
