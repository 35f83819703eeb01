import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { updateConnectionInput } from "@/shared/sso";
import { badRequest } from "../../access/errors";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { encryptSecret } from "../../auth/secrets";
import { ssoConnections } from "../../db/schema";
import { defineAction } from "../context";
import { audit } from "../audit";
import { connectionToEdit } from "./connection-to-edit";
import { usableMetadata } from "./usable-metadata";

/** Renames a connection, changes the role new people get, or replaces its secret or metadata (a rotated key). */
export const updateConnection = defineAction({ actors: ["user"], transaction: false }, async (ctx, input: z.output<typeof updateConnectionInput>) => {
  const { actor } = ctx;
  // Only an admin may make the server fetch a metadata URL, so the check comes before the fetch, and again inside.
  await requireWorkspaceAdmin(ctx.tx, (await connectionToEdit(ctx.tx, input.connectionId)).workspaceId, actor.userId);
  const replacement = input.metadataXml || input.metadataUrl ? await usableMetadata(input) : null;
  return ctx.tx.transaction(async (tx) => {
    const connection = await connectionToEdit(tx, input.connectionId);
    await requireWorkspaceAdmin(tx, connection.workspaceId, actor.userId);
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
    await audit(tx, { workspaceId: connection.workspaceId, actorId: actor.userId, action: "sso.connection_updated", detail: `"${input.name ?? connection.name}": ${changed}` });
    return { id: connection.id };
  });
});
