import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { createOidcConnectionInput, createSamlConnectionInput, updateConnectionInput } from "@/shared/sso";
import { badRequest, notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { fetchIdpMetadata, InvalidMetadata, parseIdpMetadata } from "../../auth/saml";
import { encryptSecret } from "../../auth/secrets";
import { type Db, db, type Tx } from "../../db/client";
import { ssoConnections } from "../../db/schema";
import { inTransaction } from "../../events";
import { audit } from "./audit";

export async function createOidcConnection(actorId: string, input: z.output<typeof createOidcConnectionInput>) {
  return inTransaction(async (tx) => {
    await requireWorkspaceAdmin(tx, input.workspaceId, actorId);
    const [connection] = await tx
      .insert(ssoConnections)
      .values({
        workspaceId: input.workspaceId,
        protocol: "oidc",
        name: input.name,
        issuer: input.issuer.replace(/\/$/, ""),
        clientId: input.clientId,
        clientSecretEncrypted: encryptSecret(input.clientSecret),
        defaultRole: input.defaultRole,
      })
      .returning({ id: ssoConnections.id });
    await audit(tx, { workspaceId: input.workspaceId, actorId, action: "sso.connection_created", detail: `OIDC "${input.name}" (${input.issuer})` });
    return { id: connection!.id };
  });
}

/** The IdP metadata as given, or as fetched from its URL; checked before anything is stored. */
async function usableMetadata(source: { metadataXml?: string; metadataUrl?: string }) {
  try {
    const xml = source.metadataXml ?? (await fetchIdpMetadata(source.metadataUrl!));
    return { xml, metadata: parseIdpMetadata(xml) };
  } catch (error) {
    if (error instanceof InvalidMetadata) throw badRequest(error.message);
    throw error;
  }
}

export async function createSamlConnection(actorId: string, input: z.output<typeof createSamlConnectionInput>) {
  await requireWorkspaceAdmin(db(), input.workspaceId, actorId);
  // Fetched outside the transaction: a slow IdP must not hold a database connection.
  const { xml, metadata } = await usableMetadata(input);
  return inTransaction(async (tx) => {
    await requireWorkspaceAdmin(tx, input.workspaceId, actorId);
    const [connection] = await tx
      .insert(ssoConnections)
      .values({ workspaceId: input.workspaceId, protocol: "saml", name: input.name, issuer: metadata.entityId, idpMetadata: xml, defaultRole: input.defaultRole })
      .returning({ id: ssoConnections.id });
    await audit(tx, { workspaceId: input.workspaceId, actorId, action: "sso.connection_created", detail: `SAML "${input.name}" (${metadata.entityId})` });
    return { id: connection!.id };
  });
}

/** Renames a connection, changes the role new people get, or replaces its secret or metadata (a rotated key). */
export async function updateConnection(actorId: string, input: z.output<typeof updateConnectionInput>) {
  // Only an admin may make the server fetch a metadata URL, so the check comes before the fetch, and again inside.
  await requireWorkspaceAdmin(db(), (await connectionToEdit(db(), input.connectionId)).workspaceId, actorId);
  const replacement = input.metadataXml || input.metadataUrl ? await usableMetadata(input) : null;
  return inTransaction(async (tx) => {
    const connection = await connectionToEdit(tx, input.connectionId);
    await requireWorkspaceAdmin(tx, connection.workspaceId, actorId);
    if (replacement && connection.protocol !== "saml") throw badRequest("Only SAML connections have metadata");
    if (input.clientSecret && connection.protocol !== "oidc") throw badRequest("Only OpenID Connect connections have a client secret");
    const changes = {
      ...(input.name && { name: input.name }),
      ...(input.defaultRole && { defaultRole: input.defaultRole }),
      ...(input.clientSecret && { clientSecretEncrypted: encryptSecret(input.clientSecret) }),
      ...(replacement && { idpMetadata: replacement.xml, issuer: replacement.metadata.entityId }),
    };
    if (Object.keys(changes).length === 0) return { id: connection.id };
    await tx.update(ssoConnections).set(changes).where(eq(ssoConnections.id, connection.id));
    const changed = [input.name && "name", input.defaultRole && "default role", input.clientSecret && "client secret", replacement && "metadata"].filter(Boolean).join(", ");
    await audit(tx, { workspaceId: connection.workspaceId, actorId, action: "sso.connection_updated", detail: `"${input.name ?? connection.name}": ${changed}` });
    return { id: connection.id };
  });
}

async function connectionToEdit(tx: Db | Tx, connectionId: string) {
  const [connection] = await tx.select().from(ssoConnections).where(eq(ssoConnections.id, connectionId));
  if (!connection) throw notFound("That connection does not exist");
  return connection;
}

export async function deleteConnection(actorId: string, connectionId: string) {
  return inTransaction(async (tx) => {
    const connection = await connectionToEdit(tx, connectionId);
    await requireWorkspaceAdmin(tx, connection.workspaceId, actorId);
    await tx.delete(ssoConnections).where(eq(ssoConnections.id, connectionId));
    await audit(tx, { workspaceId: connection.workspaceId, actorId, action: "sso.connection_deleted", detail: `"${connection.name}"` });
  });
}
