import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/env";
import { dueJobCount } from "../jobs/queue";
import { metrics } from "../observability/metrics";
import { bearerIs, replyText } from "./http-body";

export const METRICS_PATH = "/metrics";

/** The Prometheus exposition of this process, read fresh (the job queue's depth is counted now). */
export async function writeMetrics(res: ServerResponse) {
  const { registry, jobQueueDepth } = metrics();
  jobQueueDepth.set(await dueJobCount().catch(() => Number.NaN));
  res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
  res.end(await registry.metrics());
}

/**
 * `GET /metrics` on the public port: only with METRICS_TOKEN as a bearer token, and not there at all without one
 * (METRICS_PORT serves it on an internal address instead).
 */
export async function metricsDoor(req: IncomingMessage, res: ServerResponse) {
  const token = env().METRICS_TOKEN;
  if (!token) return replyText(res, 404, "Not found");
  if (!bearerIs(req, token)) return replyText(res, 401, "unauthorized");
  await writeMetrics(res);
}
