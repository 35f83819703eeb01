import type { IncomingMessage, ServerResponse } from "node:http";
import { dbHandle } from "../db/client";
import { replyJson } from "./http-body";

export const HEALTH_PATH = "/api/health";
export const LIVENESS_PATH = `${HEALTH_PATH}/live`;
export const READINESS_PATH = `${HEALTH_PATH}/ready`;

let draining = false;

/** From now on readiness says no: the process is stopping, and its proxy should send new requests elsewhere. */
export function startDraining() {
  draining = true;
}


/**
 * For load balancers and probes. Liveness (`/api/health/live`): the process answers at all, so restarting it would
 * not help otherwise. Readiness (`/api/health/ready`, and `/api/health`, which compose files and older probes use):
 * 503 while the database cannot be reached or the process is draining, so traffic goes to a process that can take it.
 */
export async function health(req: IncomingMessage, res: ServerResponse) {
  const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
  if (pathname === LIVENESS_PATH) return replyJson(res, 200, { status: "ok" });
  if (pathname !== HEALTH_PATH && pathname !== READINESS_PATH) return replyJson(res, 404, { error: "No such health check" });
  const handle = dbHandle();
  let database: "up" | "down" = "up";
  try {
    await handle.ping();
  } catch {
    database = "down";
  }
  const ready = database === "up" && !draining;
  replyJson(res, ready ? 200 : 503, { status: ready ? "ok" : draining ? "draining" : "degraded", database, driver: handle.driver });
}
