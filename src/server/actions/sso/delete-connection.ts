import { eq } from "drizzle-orm";
import { requireWorkspaceAdmin } from "../../access/workspaces";
import { ssoConnections } from "../../db/schema";
import { defineAction } from "../context";
import { audit } from "../audit";
import { connectionToEdit } from "./connection-to-edit";

export const deleteConnection = defineAction({ actors: ["user"] }, async (ctx, input: { connectionId: string }) => {
  const { tx, actor } = ctx;
  const connection = await connectionToEdit(tx, input.connectionId);
  await requireWorkspaceAdmin(tx, connection.workspaceId, actor.userId);
  await tx.delete(ssoConnections).where(eq(ssoConnections.id, input.connectionId));
  await audit(tx, { workspaceId: connection.workspaceId, actorId: actor.userId, action: "sso.connection_deleted", detail: `"${connection.name}"` });
});
