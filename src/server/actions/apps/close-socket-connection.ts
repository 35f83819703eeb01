import { and, eq } from "drizzle-orm";
import { socketConnections } from "../../db/schema";
import { defineAction } from "../context";

export const closeSocketConnection = defineAction({ actors: ["bot"], transaction: false }, async ({ tx, actor }, input: { connectionId: string }) => {
  await tx.delete(socketConnections).where(and(eq(socketConnections.id, input.connectionId), eq(socketConnections.appId, actor.appId)));
});
