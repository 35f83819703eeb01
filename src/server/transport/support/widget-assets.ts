import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { inboxFramePolicy } from "../../queries/support";

export const LOADER_PATH = "/widget.js";
const WIDGET_PAGE = /^\/widget\/([^/]+)$/;

/** The loader websites include: read and compressed once per process, cached by browsers for an hour. */
let loader: { body: Buffer; gzipped: Buffer; etag: string } | undefined;
function loaderScript() {
  if (!loader) {
    const body = readFileSync(path.join(process.cwd(), "src/widget/loader.js"));
    loader = { body, gzipped: gzipSync(body, { level: 9 }), etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"` };
  }
  return loader;
}

export function serveLoader(req: IncomingMessage, res: ServerResponse) {
  const { body, gzipped, etag } = loaderScript();
  const headers = { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600", etag, vary: "accept-encoding", "access-control-allow-origin": "*" };
  if (req.headers["if-none-match"] === etag) return void res.writeHead(304, headers).end();
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  res.writeHead(200, { ...headers, ...(gzip && { "content-encoding": "gzip" }), "content-length": (gzip ? gzipped : body).length });
  res.end(req.method === "HEAD" ? undefined : gzip ? gzipped : body);
}

/**
 * The widget's page may be framed only by the inbox's websites (frame-ancestors), so another site cannot embed a
 * chat that is not its own; the browser refuses the frame. Set before Next renders the page.
 */
export async function setWidgetFramePolicy(pathname: string, res: ServerResponse): Promise<void> {
  const key = WIDGET_PAGE.exec(pathname)?.[1];
  if (!key) return;
  const origins = await inboxFramePolicy(decodeURIComponent(key));
  res.setHeader("content-security-policy", `frame-ancestors ${origins.length ? origins.join(" ") : "'none'"}`);
  res.setHeader("referrer-policy", "strict-origin-when-cross-origin");
}

export const isWidgetPage = (pathname: string) => WIDGET_PAGE.test(pathname);
