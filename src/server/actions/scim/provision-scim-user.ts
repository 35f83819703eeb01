import { eq } from "drizzle-orm";
import { email as emailSchema } from "@/shared/users";
import { badRequest, conflict } from "../../access/errors";
import { domainVerifiedBy } from "../../access/workspaces";
import { users } from "../../db/schema";
import type { UserChanges } from "../../scim/protocol";
import { audit, personLabel } from "../audit";
import { defineAction } from "../context";
import { joinWorkspace } from "../workspaces/join-workspace";
import { applyActive, nameOf, rememberExternalId, type ScimContext, standingOf, USER_NAME_TAKEN } from "./scim-people";

export const ACCOUNT_ELSEWHERE = "A Confab account already uses that address; verify its domain in Workspace settings → Single sign-on to let SCIM link it";

/**
 * The IdP creates a user (POST /Users): the account with that address joins the workspace as a member, or a new
 * account is made for it, with no password: they sign in through SSO (or set a password by "Forgot password").
 */
export const provisionScimUser = defineAction({ actors: ["scim"] }, async (ctx: ScimContext, changes: UserChanges) => {
  const { tx, actor, services } = ctx;
  const parsed = emailSchema.safeParse(changes.userName);
  if (!parsed.success) throw badRequest("userName must be the person's email address");
  const email = parsed.data;
  const [existing] = await tx.select({ id: users.id, deletedAt: users.deletedAt }).from(users).where(eq(users.email, email));
  if (existing) {
    const standing = await standingOf(ctx, existing.id).catch(() => null);
    if (standing) throw conflict(USER_NAME_TAKEN);
    // Someone's own account joins only a workspace that verified their address's domain.
    if (!(await domainVerifiedBy(tx, actor.workspaceId, email))) throw conflict(ACCOUNT_ELSEWHERE);
  }
  const userId =
    existing?.id ?? (await tx.insert(users).values({ email, name: nameOf(changes, email.split("@")[0]!), emailVerified: services.clock.now() }).returning({ id: users.id }))[0]!.id;
  await joinWorkspace(ctx, actor.workspaceId, userId, "member");
  await rememberExternalId(ctx, userId, changes.externalId, { ...changes, provisioned: !existing });
  await applyActive(ctx, userId, changes.active, "active");
  await audit(tx, { workspaceId: actor.workspaceId, actorId: null, action: "scim.user_created", detail: await personLabel(tx, userId) });
  return { userId };
});
