import type { z } from "zod";
import type { createSamlConnectionInput } from "@/shared/sso";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { ssoConnections } from "../../db/schema";
import { defineAction } from "../context";
import { audit } from "../audit";
import { usableMetadata } from "./usable-metadata";

export const createSamlConnection = defineAction({ actors: ["user"], transaction: false }, async (ctx, input: z.output<typeof createSamlConnectionInput>) => {
  const { actor } = ctx;
  await requireWorkspaceAdmin(ctx.tx, input.workspaceId, actor.userId);
  // Fetched outside the transaction: a slow IdP must not hold a database connection.
  const { xml, metadata } = await usableMetadata(input);
  return ctx.tx.transaction(async (tx) => {
    await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
    const [connection] = await tx
      .insert(ssoConnections)
      .values({ workspaceId: input.workspaceId, protocol: "saml", name: input.name, issuer: metadata.entityId, idpMetadata: xml, defaultRole: input.defaultRole })
      .returning({ id: ssoConnections.id });
    await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: "sso.connection_created", detail: `SAML "${input.name}" (${metadata.entityId})` });
    return { id: connection!.id };
  });
});
