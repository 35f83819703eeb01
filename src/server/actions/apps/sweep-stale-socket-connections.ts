import { lt } from "drizzle-orm";
import { socketConnections } from "../../db/schema";
import { liveSince } from "../../slack/socket-mode";
import { defineAction } from "../context";

/** Connections whose process died without closing them: no envelope is sent their way, and their rows go. */
export const sweepStaleSocketConnections = defineAction({ actors: ["system"], transaction: false }, async ({ tx, services }) => {
  const removed = await tx.delete(socketConnections).where(lt(socketConnections.seenAt, liveSince(services.clock.now()))).returning({ id: socketConnections.id });
  return removed.length;
});
