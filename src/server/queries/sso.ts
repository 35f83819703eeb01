import { X509Certificate } from "node:crypto";
import { and, desc, eq, gt, isNotNull } from "drizzle-orm";
import { emailDomain, type SsoRefusalCode } from "@/shared/sso";
import { requireWorkspaceAdmin } from "../access/workspaces";
import { verificationRecordName, verificationRecordValue } from "../auth/domain-verification";
import { parseIdpMetadata } from "../auth/saml";
import { type Db, db, type Tx } from "../db/client";
import { auditLog, ssoConnections, ssoDomains, ssoSamlRequests, users, workspaces } from "../db/schema";

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
export async function connectionForEmail(tx: Db | Tx, email: string) {
  const domain = emailDomain(email);
  const [row] = await tx
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

export async function connectionById(tx: Db | Tx, connectionId: string) {
  const [connection] = await tx.select().from(ssoConnections).where(eq(ssoConnections.id, connectionId));
  if (!connection) throw new SsoRefused("connection_gone");
  return connection;
}

/** The pending request a posted response names, if it is still waiting and was sent for this workspace. */
export async function pendingSamlRequest(tx: Db | Tx, requestId: string, workspaceId: string) {
  const [row] = await tx
    .select({ request: ssoSamlRequests, connection: ssoConnections })
    .from(ssoSamlRequests)
    .innerJoin(ssoConnections, eq(ssoConnections.id, ssoSamlRequests.connectionId))
    .where(and(eq(ssoSamlRequests.id, requestId), eq(ssoConnections.workspaceId, workspaceId), gt(ssoSamlRequests.expiresAt, new Date())));
  if (!row) throw new SsoRefused("unsolicited");
  return row;
}

/** What the SSO settings show an admin: connections (never their secrets), domains with their DNS records. */
export async function ssoSettings(actorId: string, workspaceId: string) {
  await requireWorkspaceAdmin(db(), workspaceId, actorId);
  const [[workspace], connections, domains] = await Promise.all([
    db().select({ requireSso: workspaces.requireSso }).from(workspaces).where(eq(workspaces.id, workspaceId)),
    db()
      .select({
        id: ssoConnections.id,
        protocol: ssoConnections.protocol,
        name: ssoConnections.name,
        issuer: ssoConnections.issuer,
        clientId: ssoConnections.clientId,
        idpMetadata: ssoConnections.idpMetadata,
        defaultRole: ssoConnections.defaultRole,
        createdAt: ssoConnections.createdAt,
      })
      .from(ssoConnections)
      .where(eq(ssoConnections.workspaceId, workspaceId))
      .orderBy(ssoConnections.createdAt),
    db().select().from(ssoDomains).where(eq(ssoDomains.workspaceId, workspaceId)).orderBy(ssoDomains.domain),
  ]);
  return {
    requireSso: workspace?.requireSso ?? false,
    connections: connections.map(({ idpMetadata, ...connection }) => ({ ...connection, saml: idpMetadata ? samlSummary(idpMetadata) : null })),
    domains: domains.map((claim) => ({
      id: claim.id,
      domain: claim.domain,
      verifiedAt: claim.verifiedAt,
      record: { type: "TXT" as const, name: verificationRecordName(claim.domain), value: verificationRecordValue(claim.verificationToken) },
    })),
  };
}

/** What an admin checks on a SAML connection: where people are sent, and when its signing certificate runs out. */
function samlSummary(xml: string) {
  const metadata = parseIdpMetadata(xml);
  const expiries = metadata.certificates.map((base64) => new Date(new X509Certificate(Buffer.from(base64, "base64")).validTo));
  return { ssoUrl: metadata.ssoUrl, certificateExpiresAt: new Date(Math.max(...expiries.map(Number))) };
}


