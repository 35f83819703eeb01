import { and, eq, gt, isNotNull, lt } from "drizzle-orm";
import { emailDomain, type SsoRefusalCode } from "@/shared/sso";
import { DomainError } from "../../access/errors";
import { ssoConnections, ssoDomains, ssoIdentities, ssoSamlAssertions, ssoSamlRequests, users, workspaceMembers, workspaces } from "../../db/schema";
import { db, type Tx } from "../../db/client";
import { inTransaction } from "../../events";
import { joinWorkspace } from "../workspaces/join-workspace";
import { audit } from "./audit";

/** A refused SSO sign-in: which sentence the person reads (see SSO_REFUSALS), and nothing written. */
export class SsoRefused extends Error {
  constructor(
    readonly code: SsoRefusalCode,
    readonly domain = "",
  ) {
    super(`SSO sign-in refused: ${code}${domain ? ` (${domain})` : ""}`);
  }
}

/** The workspace and connection a work email's domain routes to: a domain verified by exactly one workspace. */
export async function connectionForEmail(email: string) {
  const domain = emailDomain(email);
  const [row] = await db()
    .select({ connection: ssoConnections, slug: workspaces.slug })
    .from(ssoDomains)
    .innerJoin(workspaces, eq(workspaces.id, ssoDomains.workspaceId))
    .innerJoin(ssoConnections, eq(ssoConnections.workspaceId, ssoDomains.workspaceId))
    .where(and(eq(ssoDomains.domain, domain), isNotNull(ssoDomains.verifiedAt)))
    .orderBy(ssoConnections.createdAt)
    .limit(1);
  if (!row) throw new SsoRefused("no_connection", domain);
  return row;
}

export async function connectionById(connectionId: string) {
  const [connection] = await db().select().from(ssoConnections).where(eq(ssoConnections.id, connectionId));
  if (!connection) throw new SsoRefused("connection_gone");
  return connection;
}

/** A SAML AuthnRequest on its way to the IdP; its answer must name it. */
export async function recordSamlRequest(request: { id: string; connectionId: string; callbackUrl: string; expiresAt: Date }) {
  await db().insert(ssoSamlRequests).values(request);
}

/** The pending request a posted response names, if it is still waiting and was sent for this workspace. */
export async function pendingSamlRequest(requestId: string, workspaceId: string) {
  const [row] = await db()
    .select({ request: ssoSamlRequests, connection: ssoConnections })
    .from(ssoSamlRequests)
    .innerJoin(ssoConnections, eq(ssoConnections.id, ssoSamlRequests.connectionId))
    .where(and(eq(ssoSamlRequests.id, requestId), eq(ssoConnections.workspaceId, workspaceId), gt(ssoSamlRequests.expiresAt, new Date())));
  if (!row) throw new SsoRefused("unsolicited");
  return row;
}

/** Uses up a SAML request and records the assertion's ID, inside the sign-in's transaction: each works once. */
async function consumeSamlAnswer(tx: Tx, connectionId: string, proof: SamlProof) {
  const used = await tx.delete(ssoSamlRequests).where(eq(ssoSamlRequests.id, proof.requestId)).returning({ id: ssoSamlRequests.id });
  if (used.length === 0) throw new SsoRefused("unsolicited");
  const recorded = await tx
    .insert(ssoSamlAssertions)
    .values({ connectionId, assertionId: proof.assertionId, expiresAt: proof.replayGuardUntil })
    .onConflictDoNothing()
    .returning({ id: ssoSamlAssertions.assertionId });
  if (recorded.length === 0) throw new SsoRefused("replayed");
}

/** Pending requests and remembered assertion IDs past their time: nothing can use them any more. */
export async function sweepExpiredSamlState() {
  const now = new Date();
  await db().delete(ssoSamlRequests).where(lt(ssoSamlRequests.expiresAt, now));
  await db().delete(ssoSamlAssertions).where(lt(ssoSamlAssertions.expiresAt, now));
}

interface SamlProof {
  requestId: string;
  assertionId: string;
  replayGuardUntil: Date;
}

/**
 * After the identity provider vouched for someone: find them by (connection, subject); or attach the identity to the
 * account with that email, but only when this connection's workspace has verified the email's domain; or create the
 * account. Either way they end up a member of the workspace (the connection's default role on first sign-in).
 */
export async function signInWithSso(claims: { connectionId: string; subject: string; email: string | undefined; name: string | undefined; saml?: SamlProof }) {
  try {
    return await inTransaction(async (tx, emit) => {
      const [connection] = await tx.select().from(ssoConnections).where(eq(ssoConnections.id, claims.connectionId));
      if (!connection) throw new SsoRefused("connection_gone");
      if (claims.saml) await consumeSamlAnswer(tx, connection.id, claims.saml);
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
          (await tx.insert(users).values({ email, name: claims.name?.trim() || email.split("@")[0]!, emailVerified: new Date() }).returning({ id: users.id }))[0]!.id;
        await tx.insert(ssoIdentities).values({ connectionId: connection.id, subject: claims.subject, userId });
      }
      const [membership] = await tx
        .select({ role: workspaceMembers.role })
        .from(workspaceMembers)
        .where(and(eq(workspaceMembers.workspaceId, connection.workspaceId), eq(workspaceMembers.userId, userId)));
      if (!membership) await joinWorkspace(tx, emit, connection.workspaceId, userId, connection.defaultRole);
      const [user] = await tx.select({ id: users.id, name: users.name, email: users.email, image: users.image }).from(users).where(eq(users.id, userId));
      const [workspace] = await tx.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, connection.workspaceId));
      await audit(tx, { workspaceId: connection.workspaceId, actorId: userId, action: "sso.login", detail: `${user!.email} through "${connection.name}"${membership ? "" : " (first sign-in)"}` });
      return { user: user!, workspaceSlug: workspace!.slug };
    });
  } catch (error) {
    if (error instanceof DomainError) {
      console.error("[sso] membership refused:", error.message);
      throw new SsoRefused("membership_refused");
    }
    throw error;
  }
}
