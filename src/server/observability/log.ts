import { pino } from "pino";
import { env } from "@/env";

/**
 * The server's structured log: one JSON object per line on stdout (LOG_LEVEL), for a log collector
 * to read. Request logs carry the request id and the path without its query (where tokens travel); nothing logs a
 * message's body, a cookie or a secret. On globalThis for the same reason as the metrics.
 */
const globalKey = Symbol.for("confab.log");
type GlobalWithLog = typeof globalThis & { [globalKey]?: pino.Logger };

export function log(): pino.Logger {
  const holder = globalThis as GlobalWithLog;
  holder[globalKey] ??= pino({
    level: env().LOG_LEVEL,
    base: { pid: process.pid },
    redact: { paths: ["req.headers.cookie", "req.headers.authorization", "req.headers['x-confab-visitor']", "*.password", "*.token", "*.secret"], censor: "[redacted]" },
  });
  return holder[globalKey];
}
