import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { env, EnvError } from "./env";
import { TRPC_HTTP_PATH, TRPC_WS_PATH, createTrpcWebSocketServer, trpcHttpHandler } from "./server/api/doors";
import { CLIENT_IP_HEADER } from "./server/auth/client-ip";
import { dbHandle } from "./server/db/client";
import { bus } from "./server/events";
import { routeUpgrades } from "./server/next-upgrades";

function loadSettings() {
  try {
    return env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim() : "";
  return forwarded || req.socket.remoteAddress || "unknown";
}

async function health(res: ServerResponse) {
  const handle = dbHandle();
  let database: "up" | "down" = "up";
  try {
    await handle.ping();
  } catch {
    database = "down";
  }
  res.writeHead(database === "up" ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ status: database === "up" ? "ok" : "degraded", database, driver: handle.driver }));
}

async function main() {
  const settings = loadSettings();
  const dev = settings.NODE_ENV !== "production";
  const started = Date.now();

  const database = dbHandle();
  await database.migrate();

  const server = createServer();
  const nextApp = next({ dev, hostname: settings.HOSTNAME, port: settings.PORT, httpServer: server });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();
  const trpcWs = createTrpcWebSocketServer();

  server.on("request", (req, res) => {
    req.headers[CLIENT_IP_HEADER] = clientIp(req, settings.TRUST_PROXY);
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname === "/api/health") return void health(res);
    if (pathname.startsWith(`${TRPC_HTTP_PATH}/`)) return void trpcHttpHandler(req, res);
    void handleNext(req, res);
  });
  routeUpgrades(server, nextApp, { path: TRPC_WS_PATH, handle: trpcWs.handleUpgrade });

  await new Promise<void>((resolve) => server.listen(settings.PORT, settings.HOSTNAME, resolve));
  console.log(
    `Confab ready on http://${settings.HOSTNAME}:${settings.PORT} (${dev ? "development" : "production"}, ` +
      `${database.driver}, ${settings.REDIS_URL ? "redis" : "in-process"} bus) in ${Date.now() - started} ms`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const forceExit = setTimeout(() => process.exit(1), 10_000);
    forceExit.unref();
    server.close();
    // Clients reconnect by themselves (to another process, or to this one when it is back) and catch up.
    trpcWs.broadcastReconnect();
    for (const client of trpcWs.wss.clients) client.close(1012, "server restarting");
    server.closeIdleConnections();
    await bus().close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error("Confab failed to start:", error);
  process.exit(1);
});
