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

main().catch((error) => {
  console.error("Confab failed to start:", error);
  process.exit(1);
});
