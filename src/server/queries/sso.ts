import { X509Certificate } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { requireWorkspaceAdmin } from "../access/workspaces";
import { verificationRecordName, verificationRecordValue } from "../auth/domain-verification";
import { parseIdpMetadata } from "../auth/saml";
import { db } from "../db/client";
import { auditLog, ssoConnections, ssoDomains, users, workspaces } from "../db/schema";

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

const AUDIT_PAGE = 200;

export async function listAuditLog(actorId: string, workspaceId: string) {
  await requireWorkspaceAdmin(db(), workspaceId, actorId);
  return db()
    .select({ id: auditLog.id, action: auditLog.action, detail: auditLog.detail, createdAt: auditLog.createdAt, actorId: auditLog.actorId, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(eq(auditLog.workspaceId, workspaceId))
    .orderBy(desc(auditLog.createdAt))
    .limit(AUDIT_PAGE);
}
