import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { createOidcConnectionInput } from "@/shared/sso";
import { notFound } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { encryptSecret } from "../../auth/secrets";
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

export async function deleteConnection(actorId: string, connectionId: string) {
  return inTransaction(async (tx) => {
    const [connection] = await tx.select().from(ssoConnections).where(eq(ssoConnections.id, connectionId));
    if (!connection) throw notFound("That connection does not exist");
    await requireWorkspaceAdmin(tx, connection.workspaceId, actorId);
    await tx.delete(ssoConnections).where(eq(ssoConnections.id, connectionId));
    await audit(tx, { workspaceId: connection.workspaceId, actorId, action: "sso.connection_deleted", detail: `"${connection.name}"` });
  });
}
