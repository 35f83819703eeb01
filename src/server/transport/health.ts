import type { IncomingMessage, ServerResponse } from "node:http";
import { dbHandle } from "../db/client";

export const HEALTH_PATH = "/api/health";

/** For load balancers and probes: 503 while the database cannot be reached, so traffic goes to a process that can. */
export async function health(_req: IncomingMessage, res: ServerResponse) {
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
