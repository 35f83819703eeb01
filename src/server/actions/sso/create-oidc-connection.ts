import type { z } from "zod";
import type { createOidcConnectionInput } from "@/shared/sso";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { encryptSecret } from "../../auth/secrets";
import { ssoConnections } from "../../db/schema";
import { defineAction } from "../context";
import { audit } from "../audit";

export const createOidcConnection = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof createOidcConnectionInput>) => {
  const { tx, actor } = ctx;
  await requireWorkspaceAdmin(tx, input.workspaceId, actor.userId);
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
  await audit(tx, { workspaceId: input.workspaceId, actorId: actor.userId, action: "sso.connection_created", detail: `OIDC "${input.name}" (${input.issuer})` });
  return { id: connection!.id };
});
