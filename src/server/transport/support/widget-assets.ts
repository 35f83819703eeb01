import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { env } from "@/env";
import { inboxFramePolicy } from "../../queries/support";
import { escapeHtml } from "../../email/mailer";
import { buildWidgetBundle, readBuiltWidgetBundle, type WidgetAsset, type WidgetBundle } from "./widget-bundle";

export const LOADER_PATH = "/widget.js";
const WIDGET_PAGE = /^\/widget\/([^/]+)$/;
const ASSET_PATH = /^\/widget-assets\/([\w.-]+)$/;

interface Served {
  body: Buffer;
  gzipped: Buffer;
  type: string;
  etag: string;
}

function served(body: Buffer, type: string): Served {
  return { body, gzipped: gzipSync(body, { level: 9 }), type, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"` };
}

function send(req: IncomingMessage, res: ServerResponse, file: Served | WidgetAsset, headers: Record<string, string>) {
  const etag = "etag" in file ? file.etag : `"${file.name}"`;
  const all = { "content-type": file.type, etag, vary: "accept-encoding", "x-content-type-options": "nosniff", ...headers };
  if (req.headers["if-none-match"] === etag) return void res.writeHead(304, all).end();
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? file.gzipped : file.body;
  res.writeHead(200, { ...all, ...(gzip && { "content-encoding": "gzip" }), "content-length": String(body.length) });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** The loader websites include, read and compressed once per process; browsers keep it for an hour. */
let loader: Served | undefined;
export function serveLoader(req: IncomingMessage, res: ServerResponse) {
  loader ??= served(readFileSync(path.join(process.cwd(), "src/widget/loader.js")), "text/javascript; charset=utf-8");
  send(req, res, loader, { "cache-control": "public, max-age=3600", "access-control-allow-origin": "*" });
}

/**
 * The widget's bundle: the one `npm run build` wrote, or, without a build (development), one built now and again
 * whenever a source of the widget changed.
 */
let bundle: { value: WidgetBundle; builtAt: number } | undefined;
const newestSource = (folder: string): number =>
  Math.max(...readdirSync(folder, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? newestSource(path.join(folder, entry.name)) : statSync(path.join(folder, entry.name)).mtimeMs)));
async function widgetBundle(): Promise<WidgetBundle> {
  const built = bundle === undefined ? readBuiltWidgetBundle() : null;
  if (built) bundle = { value: built, builtAt: Infinity };
  if (bundle && (bundle.builtAt === Infinity || env().NODE_ENV === "production")) return bundle.value;
  const changed = Math.max(newestSource(path.join(process.cwd(), "src/widget")), newestSource(path.join(process.cwd(), "src/shared")));
  if (!bundle || changed > bundle.builtAt) bundle = { value: await buildWidgetBundle(), builtAt: Date.now() };
  return bundle.value;
}

/** The page is the same for every inbox (only its frame policy differs): made and compressed once per bundle. */
let page: { key: string; value: Served } | undefined;
function widgetHtml(jsName: string, cssName: string): Served {
  const key = `${jsName}:${cssName}`;
  if (page?.key !== key) {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>Chat</title><link rel="stylesheet" href="/widget-assets/${escapeHtml(cssName)}"></head><body><div id="confab-widget"></div><script type="module" src="/widget-assets/${escapeHtml(jsName)}"></script></body></html>`;
    page = { key, value: served(Buffer.from(html), "text/html; charset=utf-8") };
  }
  return page.value;
}

/**
 * The widget's page, on Confab's origin. Only the inbox's websites may frame it (frame-ancestors): the browser
 * refuses the frame anywhere else. Its scripts are its own bundle only.
 */
async function serveWidgetPage(req: IncomingMessage, res: ServerResponse, inboxKey: string) {
  const [{ js, css }, origins] = await Promise.all([widgetBundle(), inboxFramePolicy(inboxKey)]);
  const socketOrigin = env().publicUrl.replace(/^http/, "ws");
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    // The inbox's colour is set on elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${socketOrigin}`,
    `frame-ancestors ${origins.length ? origins.join(" ") : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  send(req, res, widgetHtml(js.name, css.name), { "cache-control": "no-store", "content-security-policy": policy, "referrer-policy": "strict-origin-when-cross-origin" });
}

async function serveWidgetAsset(req: IncomingMessage, res: ServerResponse, name: string) {
  const { js, css } = await widgetBundle();
  const file = [js, css].find((candidate) => candidate.name === name);
  if (!file) return void res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
  // Named by their content: cached for good.
  send(req, res, file, { "cache-control": "public, max-age=31536000, immutable", "cross-origin-resource-policy": "same-origin" });
}

/** The widget's page and assets, or null for any other path. */
export function widgetDoor(pathname: string) {
  const page = WIDGET_PAGE.exec(pathname);
  if (page) return (req: IncomingMessage, res: ServerResponse) => serveWidgetPage(req, res, decodeURIComponent(page[1]!));
  const asset = ASSET_PATH.exec(pathname);
  if (asset) return (req: IncomingMessage, res: ServerResponse) => serveWidgetAsset(req, res, asset[1]!);
  return null;
}
