import { and, eq } from "drizzle-orm";
import { socketConnections } from "../../db/schema";
import { defineAction } from "../context";

/** The process still holds this connection; false when it is no longer registered (the app was removed). */
export const refreshSocketConnection = defineAction({ actors: ["bot"], transaction: false }, async ({ tx, actor, services }, input: { connectionId: string }) => {
  const still = await tx
    .update(socketConnections)
    .set({ seenAt: services.clock.now() })
    .where(and(eq(socketConnections.id, input.connectionId), eq(socketConnections.appId, actor.appId)))
    .returning({ id: socketConnections.id });
  return still.length > 0;
});
