import { createServer } from "node:http";
import next from "next";
import { env, EnvError } from "./env";
import { TRPC_WS_PATH, createTrpcWebSocketServer } from "./server/transport/trpc";
import { dbHandle } from "./server/db/client";
import { bus } from "./server/events";
import { startJobs } from "./server/jobs";
import { createRequestListener } from "./server/transport/http";
import { routeUpgrades } from "./server/transport/next-upgrades";
import { releaseSocketModeConnections, SOCKET_MODE_PATH, socketModeUpgrade } from "./server/transport/slack/socket-mode";
import { closeSocketModeBus } from "./server/slack/socket-mode";
import { log } from "./server/observability/log";
import { HEALTH_PATH, health, startDraining } from "./server/transport/health";
import { METRICS_PATH, writeMetrics } from "./server/transport/metrics";

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
  const stopJobs = startJobs();

  server.on("request", createRequestListener({ handleNext, trustProxy: settings.TRUST_PROXY }));
  routeUpgrades(server, nextApp, [
    { path: TRPC_WS_PATH, handle: trpcWs.handleUpgrade },
    { path: SOCKET_MODE_PATH, handle: (req, socket, head) => void socketModeUpgrade(req, socket, head) },
  ]);

  await new Promise<void>((resolve) => server.listen(settings.PORT, settings.HOSTNAME, resolve));
  const internal = settings.METRICS_PORT ? await listenInternally(settings.METRICS_HOSTNAME, settings.METRICS_PORT) : null;
  log().info(
    { port: settings.PORT, mode: dev ? "development" : "production", database: database.driver, bus: settings.REDIS_URL ? "redis" : "in-process", metricsPort: settings.METRICS_PORT ?? null, ms: Date.now() - started },
    `Confab ready on http://${settings.HOSTNAME}:${settings.PORT} (${dev ? "development" : "production"}, ${database.driver}, ${settings.REDIS_URL ? "redis" : "in-process"} bus) in ${Date.now() - started} ms`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Readiness says no first; the proxy stops sending new requests while this process still answers them.
    startDraining();
    log().info({ signal, drainSeconds: settings.SHUTDOWN_DRAIN_SECONDS }, "shutting down");
    if (settings.SHUTDOWN_DRAIN_SECONDS > 0) await new Promise((resolve) => setTimeout(resolve, settings.SHUTDOWN_DRAIN_SECONDS * 1000));
    const forceExit = setTimeout(() => process.exit(1), 10_000);
    forceExit.unref();
    server.close();
    internal?.close();
    // Clients reconnect by themselves (to another process, or to this one when it is back) and catch up.
    trpcWs.broadcastReconnect();
    releaseSocketModeConnections();
    for (const client of trpcWs.wss.clients) client.close(1012, "server restarting");
    server.closeIdleConnections();
    await stopJobs();
    await Promise.all([bus().close(), closeSocketModeBus()]);
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/**
 * METRICS_PORT: `/metrics` and the health checks without a token, on an address only the scraper and the probes
 * reach (a pod's port, or 127.0.0.1 beside a local Prometheus).
 */
function listenInternally(hostname: string, port: number) {
  const internal = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname === METRICS_PATH) return void writeMetrics(res).catch(() => res.writeHead(500).end());
    if (pathname.startsWith(HEALTH_PATH)) return void health(req, res);
    res.writeHead(404).end();
  });
  return new Promise<typeof internal>((resolve) => internal.listen(port, hostname, () => resolve(internal)));
}

main().catch((error) => {
  log().fatal({ err: error }, "Confab failed to start");
  process.exit(1);
});
