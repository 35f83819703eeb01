import { and, eq, isNotNull } from "drizzle-orm";
import { emailDomain } from "@/shared/sso";
import { DomainError } from "../../access/errors";
import { deactivatedMembers, ssoConnections, ssoDomains, ssoIdentities, ssoSamlAssertions, ssoSamlRequests, users, workspaceMembers, workspaces } from "../../db/schema";
import { SsoRefused } from "../../queries/sso";
import { type ActionContext, type ActorOf, defineAction } from "../context";
import { startSession } from "../../auth/session-validity";
import { joinWorkspace } from "../workspaces/join-workspace";
import { audit } from "../audit";
import { log } from "../../observability/log";

interface SamlProof {
  requestId: string;
  assertionId: string;
  replayGuardUntil: Date;
}

/** Who the identity provider vouched for, through which connection (and, for SAML, the request it answered). */
interface SsoClaims {
  connectionId: string;
  subject: string;
  email: string | undefined;
  name: string | undefined;
  saml?: SamlProof;
  /** The browser signing in, for the person's list of sessions. */
  userAgent?: string;
}

/**
 * After the identity provider vouched for someone: find them by (connection, subject); or attach the identity to the
 * account with that email, but only when this connection's workspace has verified the email's domain; or create the
 * account. Either way they end up a member of the workspace (the connection's default role on first sign-in).
 */
export const signInWithSso = defineAction({ actors: ["anonymous"] }, async (ctx: ActionContext<ActorOf<"anonymous">>, claims: SsoClaims) => {
  try {
    return await signIn(ctx, claims);
  } catch (error) {
    if (error instanceof DomainError) {
      log().error({ reason: error.message }, "[sso] membership refused");
      throw new SsoRefused("membership_refused");
    }
    throw error;
  }
});

async function signIn(ctx: ActionContext<ActorOf<"anonymous">>, claims: SsoClaims) {
  const { tx, services } = ctx;
  const [connection] = await tx.select().from(ssoConnections).where(eq(ssoConnections.id, claims.connectionId));
  if (!connection) throw new SsoRefused("connection_gone");
  if (claims.saml) await consumeSamlAnswer(ctx, connection.id, claims.saml);
  const [known] = await tx
    .select({ userId: ssoIdentities.userId })
    .from(ssoIdentities)
    .where(and(eq(ssoIdentities.connectionId, connection.id), eq(ssoIdentities.subject, claims.subject)));
  let userId = known?.userId;
  if (!userId) {
    const email = claims.email?.trim().toLowerCase();
    if (!email) throw new SsoRefused("no_email");
    const [domain] = await tx
      .select({ id: ssoDomains.id })
      .from(ssoDomains)
      .where(and(eq(ssoDomains.workspaceId, connection.workspaceId), eq(ssoDomains.domain, emailDomain(email)), isNotNull(ssoDomains.verifiedAt)));
    if (!domain) throw new SsoRefused("domain_not_verified", emailDomain(email));
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    userId =
      existing?.id ??
      (await tx.insert(users).values({ email, name: claims.name?.trim() || email.split("@")[0]!, emailVerified: services.clock.now() }).returning({ id: users.id }))[0]!.id;
    await tx.insert(ssoIdentities).values({ connectionId: connection.id, subject: claims.subject, userId });
  }
  const [membership] = await tx
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, connection.workspaceId), eq(workspaceMembers.userId, userId)));
  if (!membership) {
    const [deactivated] = await tx
      .select({ userId: deactivatedMembers.userId })
      .from(deactivatedMembers)
      .where(and(eq(deactivatedMembers.workspaceId, connection.workspaceId), eq(deactivatedMembers.userId, userId)));
    if (deactivated) throw new SsoRefused("deactivated");
    await joinWorkspace(ctx, connection.workspaceId, userId, connection.defaultRole);
  }
  const [user] = await tx.select({ id: users.id, name: users.name, email: users.email, image: users.image }).from(users).where(eq(users.id, userId));
  const [workspace] = await tx.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, connection.workspaceId));
  await audit(tx, { workspaceId: connection.workspaceId, actorId: userId, action: "sso.login", detail: `${user!.email} through "${connection.name}"${membership ? "" : " (first sign-in)"}` });
  const sessionId = await startSession(tx, { userId, method: "sso", twoFactor: false, userAgent: claims.userAgent ?? "", ip: ctx.actor.ip });
  return { user: user!, workspaceSlug: workspace!.slug, sessionId };
}

/** Uses up a SAML request and records the assertion's ID, inside the sign-in's transaction: each works once. */
async function consumeSamlAnswer({ tx }: ActionContext, connectionId: string, proof: SamlProof) {
  const used = await tx.delete(ssoSamlRequests).where(eq(ssoSamlRequests.id, proof.requestId)).returning({ id: ssoSamlRequests.id });
  if (used.length === 0) throw new SsoRefused("unsolicited");
  const recorded = await tx
    .insert(ssoSamlAssertions)
    .values({ connectionId, assertionId: proof.assertionId, expiresAt: proof.replayGuardUntil })
    .onConflictDoNothing()
    .returning({ id: ssoSamlAssertions.assertionId });
  if (recorded.length === 0) throw new SsoRefused("replayed");
}
