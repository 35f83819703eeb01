import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { env } from "../../src/env";
import { createRequestListener } from "../../src/server/transport/http";
import { SOCKET_MODE_PATH, socketModeUpgrade } from "../../src/server/transport/slack/socket-mode";

/** The custom server's HTTP doors on a loopback port, and Socket Mode's WebSocket, without Next (anything for Next gets a 404). */
export async function startDoorServer(): Promise<{ server: Server; host: string; close: () => Promise<void> }> {
  const server = createServer(createRequestListener({ handleNext: (_req, res) => res.writeHead(404).end("not next"), trustProxy: false }));
  // Other upgrades are for a test's own listener (tRPC's WebSocket).
  server.on("upgrade", (req, socket, head) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname === SOCKET_MODE_PATH) void socketModeUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Cookie header that signs the user in, as next-auth's own cookie would. */
export async function sessionCookie(userId: string) {
  const name = "authjs.session-token";
  const token = await encode({ token: { sub: userId }, secret: env().AUTH_SECRET, salt: name });
  return `${name}=${token}`;
}
