import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { eq } from "drizzle-orm";
import { type WebSocket, WebSocketServer } from "ws";
import { botActor, runAction } from "../../actions/context";
import { closeSocketConnection } from "../../actions/apps/close-socket-connection";
import { openSocketConnection } from "../../actions/apps/open-socket-connection";
import { refreshSocketConnection } from "../../actions/apps/refresh-socket-connection";
import { db } from "../../db/client";
import { apps } from "../../db/schema";
import { toSlackId } from "../../slack/ids";
import { appOfTicket, HEARTBEAT_MS, onEnvelope, passAck, socketModeSettled } from "../../slack/socket-mode";
import { log } from "../../observability/log";
import { metrics } from "../../observability/metrics";

export const SOCKET_MODE_PATH = "/api/slack-socket";

/** Slack moves a connection now and then (hello says roughly when); so does Confab, spreading the reconnects a little. */
const CONNECTION_LIFETIME_S = 3600;
const lifetimeMs = () => (CONNECTION_LIFETIME_S + Math.random() * 300) * 1000;

const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
/** The sockets this process holds, so that a shutdown can ask their apps to reconnect elsewhere. */
const held = new Set<WebSocket>();

function disconnect(socket: WebSocket, reason: "warning" | "refresh_requested" | "link_disabled") {
  if (socket.readyState !== socket.OPEN) return;
  socket.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "confab" } }));
  socket.close(1000, reason);
}

/** A process shutting down tells every app on it to reconnect, as Slack does before it moves a connection. */
export function releaseSocketModeConnections() {
  for (const socket of held) disconnect(socket, "refresh_requested");
}

function parseAck(data: Buffer): { envelopeId: string; payload: Record<string, unknown> | null } | null {
  try {
    const ack = JSON.parse(data.toString("utf8")) as { envelope_id?: unknown; payload?: unknown };
    if (typeof ack.envelope_id !== "string" || !/^[0-9a-f-]{36}$/.test(ack.envelope_id)) return null;
    const payload = ack.payload && typeof ack.payload === "object" && !Array.isArray(ack.payload) ? (ack.payload as Record<string, unknown>) : null;
    return { envelopeId: ack.envelope_id, payload };
  } catch {
    return null;
  }
}

/**
 * One app's WebSocket, for as long as it is open: registered, then hello, then the envelopes meant for it, and its
 * acks back to whoever waits for them. Removing the app ends it at the next heartbeat.
 */
async function serve(socket: WebSocket, app: typeof apps.$inferSelect) {
  const actor = botActor(app);
  held.add(socket);
  const { connectionId, connections } = await runAction(actor, openSocketConnection, undefined);
  const stopEnvelopes = onEnvelope(connectionId, (frame) => {
    if (socket.readyState === socket.OPEN) socket.send(frame);
  });
  const heartbeat = setInterval(() => {
    runAction(actor, refreshSocketConnection, { connectionId }).then(
      (still) => !still && disconnect(socket, "link_disabled"),
      (error: Error) => log().warn({ reason: error.message }, "[socket-mode] heartbeat failed"),
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const refresh = setTimeout(() => disconnect(socket, "refresh_requested"), lifetimeMs());
  refresh.unref();
  const closed = () => {
    held.delete(socket);
    clearInterval(heartbeat);
    clearTimeout(refresh);
    stopEnvelopes();
    void runAction(actor, closeSocketConnection, { connectionId }).catch(() => {});
  };
  if (socket.readyState !== socket.OPEN) return closed();
  socket.on("close", closed);
  socket.on("message", (data, isBinary) => {
    const ack = isBinary ? null : parseAck(data as Buffer);
    if (ack) void passAck(ack.envelopeId, ack.payload);
  });
  await socketModeSettled();
  socket.send(
    JSON.stringify({
      type: "hello",
      num_connections: connections,
      debug_info: { host: "confab", build_number: 1, approximate_connection_time: CONNECTION_LIFETIME_S },
      connection_info: { app_id: toSlackId("A", app.id) },
    }),
  );
}

function refuse(socket: Duplex, status: string) {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The WebSocket apps.connections.open pointed the app at: its ticket says which app, for a few seconds. */
export async function socketModeUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
  socket.on("error", () => socket.destroy());
  const ticket = new URL(req.url ?? "/", "http://localhost").searchParams.get("ticket");
  const appId = appOfTicket(ticket, new Date());
  const [app] = appId ? await db().select().from(apps).where(eq(apps.id, appId)) : [];
  if (!app) return refuse(socket, "401 Unauthorized");
  wss.handleUpgrade(req, socket, head, (client) => {
    metrics().socketsConnected.inc({ kind: "socket_mode" });
    client.once("close", () => metrics().socketsConnected.dec({ kind: "socket_mode" }));
    serve(client, app).catch((error: Error) => {
      log().error({ reason: error.message }, "[socket-mode] connection failed");
      client.close(1011, "internal error");
    });
  });
}
