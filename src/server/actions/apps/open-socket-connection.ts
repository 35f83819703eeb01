import { socketConnections } from "../../db/schema";
import { liveConnectionCount } from "../../slack/socket-mode";
import { defineAction } from "../context";

/** A Socket Mode WebSocket the app just opened on this process: registered, so envelopes for the app find it. */
export const openSocketConnection = defineAction({ actors: ["bot"], transaction: false }, async ({ tx, actor, services }) => {
  const [row] = await tx.insert(socketConnections).values({ appId: actor.appId }).returning({ id: socketConnections.id });
  return { connectionId: row!.id, connections: await liveConnectionCount(tx, actor.appId, services.clock.now()) };
});
