import { and, eq, isNotNull } from "drizzle-orm";
import { emailDomain } from "@/shared/sso";
import { DomainError } from "../../access/errors";
import { ssoConnections, ssoDomains, ssoIdentities, users, workspaceMembers, workspaces } from "../../db/schema";
import { db } from "../../db/client";
import { inTransaction } from "../../events";
import { joinWorkspace } from "../workspaces/join-workspace";
import { audit } from "./audit";

/** A refused SSO sign-in: a sentence for the person, and nothing written. */
export class SsoRefused extends Error {}

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
  if (!row) throw new SsoRefused(`No organization has set up single sign-on for ${domain || "that address"}. Sign in with your password instead.`);
  return row;
}

export async function connectionById(connectionId: string) {
  const [connection] = await db().select().from(ssoConnections).where(eq(ssoConnections.id, connectionId));
  if (!connection) throw new SsoRefused("This sign-in connection no longer exists. Ask your workspace admin.");
  return connection;
}

/**
 * After the identity provider vouched for someone: find them by (connection, subject); or attach the identity to the
 * account with that email, but only when this connection's workspace has verified the email's domain; or create the
 * account. Either way they end up a member of the workspace (the connection's default role on first sign-in).
 */
export async function signInWithSso(claims: { connectionId: string; subject: string; email: string | undefined; name: string | undefined }) {
  try {
    return await inTransaction(async (tx, emit) => {
      const [connection] = await tx.select().from(ssoConnections).where(eq(ssoConnections.id, claims.connectionId));
      if (!connection) throw new SsoRefused("This sign-in connection no longer exists. Ask your workspace admin.");
      const [known] = await tx
        .select({ userId: ssoIdentities.userId })
        .from(ssoIdentities)
        .where(and(eq(ssoIdentities.connectionId, connection.id), eq(ssoIdentities.subject, claims.subject)));
      let userId = known?.userId;
      if (!userId) {
        const email = claims.email?.trim().toLowerCase();
        if (!email) throw new SsoRefused("Your identity provider did not share your email address, so Confab cannot sign you in.");
        const [domain] = await tx
          .select({ id: ssoDomains.id })
          .from(ssoDomains)
          .where(and(eq(ssoDomains.workspaceId, connection.workspaceId), eq(ssoDomains.domain, emailDomain(email)), isNotNull(ssoDomains.verifiedAt)));
        if (!domain) {
          throw new SsoRefused(`This identity provider cannot sign in people with @${emailDomain(email)} addresses: that domain is not verified by its workspace.`);
        }
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
    if (error instanceof DomainError) throw new SsoRefused(error.message);
    throw error;
  }
}
