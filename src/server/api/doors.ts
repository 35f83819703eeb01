import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { type WebSocket, WebSocketServer } from "ws";
import { userIdFromCookieHeader } from "../auth/session-cookie";
import { appRouter } from "./root";
import type { Context } from "./trpc";

export const TRPC_HTTP_PATH = "/api/trpc";
export const TRPC_WS_PATH = "/api/ws";

async function createContext({ req }: { req: IncomingMessage }): Promise<Context> {
  return { userId: await userIdFromCookieHeader(req.headers.cookie) };
}

async function createWebSocketContext({ req, res }: { req: IncomingMessage; res: WebSocket }): Promise<Context> {
  return { ...(await createContext({ req })), socket: res };
}

function logServerErrors({ error, path }: { error: { code: string; message: string; cause?: unknown }; path?: string }) {
  if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"} failed:`, error.cause ?? error);
}

export const trpcHttpHandler = createHTTPHandler({
  router: appRouter,
  basePath: `${TRPC_HTTP_PATH}/`,
  createContext,
  onError: logServerErrors,
});

/** tRPC over WebSocket; the context (who is signed in) is read once per connection from its cookie. */
export function createTrpcWebSocketServer() {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: createWebSocketContext,
    onError: logServerErrors,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
  });
  return {
    wss,
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (client) => wss.emit("connection", client, req));
    },
    /** Asks every client to reconnect (to another process, or to this one once it is back). */
    broadcastReconnect: () => handler.broadcastReconnectNotification(),
  };
}

export type TrpcWebSocketServer = ReturnType<typeof createTrpcWebSocketServer>;
