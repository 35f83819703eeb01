import cluster from "node:cluster";
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
  if (settings.PROCESSES > 1 && cluster.isPrimary) return superviseWorkers(settings.PROCESSES, settings.PORT);
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
  // Each process answers for its own metrics: a cluster's worker N on METRICS_PORT + N, one scrape target each.
  const metricsPort = settings.METRICS_PORT && settings.METRICS_PORT + settings.CLUSTER_WORKER_INDEX;
  const internal = metricsPort ? await listenInternally(settings.METRICS_HOSTNAME, metricsPort) : null;
  log().info(
    { port: settings.PORT, mode: dev ? "development" : "production", database: database.driver, bus: settings.REDIS_URL ? "redis" : "in-process", metricsPort: metricsPort || null, ms: Date.now() - started },
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
 * PROCESSES > 1: this process only keeps that many workers running, each a whole server (its own event loop, sockets,
 * jobs), sharing the port through node:cluster and the events through Redis. A worker that dies is replaced; a
 * SIGTERM is passed on, and each worker drains as a single process would.
 */
function superviseWorkers(count: number, port: number) {
  let stopping = false;
  const listening = new Set<number>();
  const fork = (index: number) => {
    const worker = cluster.fork({ CLUSTER_WORKER_INDEX: String(index) });
    worker.on("listening", (address) => {
      if (address.port !== port) return;
      listening.add(index);
      if (listening.size === count) log().info({ processes: count }, `Confab: all ${count} server processes listening`);
    });
    worker.once("exit", (code, signal) => {
      if (stopping) return;
      // One that never started (bad settings, a database it cannot reach) would fail again in a loop: stop instead.
      if (!listening.has(index)) {
        log().fatal({ code, signal, worker: index }, "a server process failed to start; stopping the others");
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
        process.exitCode = 1;
        return;
      }
      log().error({ code, signal, worker: index }, "a server process exited; starting another");
      listening.delete(index);
      fork(index);
    });
  };
  for (let index = 0; index < count; index++) fork(index);
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
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
