import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DomainError } from "../access/errors";

/** How much of a too-large body is read and thrown away, so the client gets its 413 on a connection still good for the next request. */
const DISCARD_BYTES = 8 * 1024 * 1024;

/**
 * A request's body as text, or null once it passes maxBytes (the rest is not kept in memory). A body somewhat over
 * the limit is read to its end and dropped, so the answer does not arrive on a connection cut under a pooled client;
 * one far over it is cut off.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (size > maxBytes + DISCARD_BYTES) {
        req.off("data", onData);
        req.destroy();
        resolve(null);
      }
    };
    req.on("data", onData);
    req.on("end", () => resolve(size > maxBytes ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
    // A client that gave up mid-body: nothing to answer.
    req.on("close", () => resolve(null));
  });
}

/** A short plain-text answer that no cache keeps (Slack's doors answer "ok" or an error name this way). */
export function replyText(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}

/** Whether the request's `Authorization: Bearer …` is this secret (compared in constant time); never without a secret. */
export function bearerIs(req: IncomingMessage, secret: string | undefined): boolean {
  const given = Buffer.from(String(req.headers.authorization ?? "").replace(/^Bearer\s+/i, ""));
  return Boolean(secret) && given.length === Buffer.byteLength(secret!) && timingSafeEqual(given, Buffer.from(secret!));
}

/** A JSON answer that no cache keeps; a door that already started streaming a body can only cut the connection. */
export function replyJson(res: ServerResponse, status: number, body: unknown, contentType = "application/json") {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** The HTTP status of each kind of refusal an action throws, for the doors that answer plain HTTP. */
export const DOMAIN_STATUS: Record<DomainError["code"], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
};

/** An action's refusal as a JSON answer with its status; anything else is no refusal, and goes on up. */
export function replyRefusal(res: ServerResponse, error: unknown) {
  if (!(error instanceof DomainError)) throw error;
  replyJson(res, DOMAIN_STATUS[error.code], { error: error.message });
}
