import type { IncomingMessage } from "node:http";

/** The origin the client used to reach us: behind a trusted proxy, the scheme it says the client spoke. */
export function requestOrigin(req: IncomingMessage, trustProxy: boolean): string {
  const proto = trustProxy ? String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim() : "";
  return `${proto || "http"}://${req.headers.host}`;
}
