import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestListener } from "../../src/server/http";

/** The custom server's HTTP doors on a loopback port, without Next (anything for Next gets a 404). */
export async function startDoorServer(): Promise<{ server: Server; host: string; close: () => Promise<void> }> {
  const server = createServer(createRequestListener({ handleNext: (_req, res) => res.writeHead(404).end("not next"), trustProxy: false }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
