import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { TRPC_HTTP_PATH, trpcHttpHandler } from "./trpc";
import { CLIENT_IP_HEADER } from "../auth/client-ip";
import { HEALTH_PATH, health } from "./health";
import { METRICS_PATH, metricsDoor } from "./metrics";
import { ssoDoor } from "./sso";
import { LIVEKIT_WEBHOOK_PATH, livekitWebhook } from "./livekit-webhook";
import { fileDoor } from "./files";
import { PREVIEW_IMAGE_PATH, previewImage } from "./preview-images";
import { UNSUBSCRIBE_PATH, unsubscribeDoor } from "./unsubscribe";
import { requestOrigin } from "./origin";
import { baselineHeaders, securePage } from "./security-headers";
import { incomingWebhookDoor } from "./slack/incoming-webhook";
import { responseUrlDoor } from "./slack/response-url";
import { slackUploadDoor } from "./slack/file-upload";
import { slackWebApi } from "./slack/web-api";
import { INBOUND_EMAIL_PATH, inboundEmailDoor } from "./support/inbound-email";
import { LOADER_PATH, serveLoader, widgetDoor } from "./support/widget-assets";
import { scimDoor } from "./scim";
import { auditCsvDoor } from "./audit-csv";
import { transferDoor } from "./transfers";
import { AUDIT_CSV_PATH } from "@/shared/audit";
import { env } from "@/env";
import { log } from "../observability/log";
import { metrics } from "../observability/metrics";

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim() : "";
  return forwarded || req.socket.remoteAddress || "unknown";
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** A bounded label for /metrics and the log: which part of the app a path belongs to. */
function areaOf(pathname: string) {
  const [, first = "", second = ""] = pathname.split("/");
  if (first === "api") return ["trpc", "ws", "files", "slack", "health", "support", "sso", "livekit"].includes(second) ? second : "api";
  if (first === "_next") return "static";
  if (first === "widget" || first === "widget-assets" || first === "widget.js") return "widget";
  if (first === "scim") return "scim";
  return first === "metrics" ? "metrics" : "page";
}

/**
 * Every request gets an id (the proxy's X-Request-Id when it sent a sane one), answered back in the same header,
 * and one log line when it ends: method, path without its query (where tokens travel), status and time.
 */
function observe(req: IncomingMessage, res: ServerResponse, pathname: string) {
  const given = req.headers["x-request-id"];
  const requestId = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader("x-request-id", requestId);
  const started = performance.now();
  const area = areaOf(pathname);
  res.once("finish", () => {
    metrics().httpRequests.inc({ door: area, status: `${Math.floor(res.statusCode / 100)}xx` });
    const level = area === "health" || area === "metrics" || area === "static" ? "debug" : "info";
    log()[level]({ requestId, method: req.method, path: pathname, status: res.statusCode, ms: Math.round(performance.now() - started) }, "request");
  });
}

/** Runs a door; one that fails answers 500 (or, mid-answer, is cut off) instead of leaving the client waiting. */
function serve(door: (req: IncomingMessage, res: ServerResponse) => unknown, req: IncomingMessage, res: ServerResponse) {
  Promise.resolve()
    .then(() => door(req, res))
    .catch((error: unknown) => {
      log().error({ err: error, method: req.method, path: req.url?.split("?")[0] }, "[http] request failed");
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Something went wrong on our side.");
    });
}

/**
 * The HTTP door of the process: health, tRPC, LiveKit's webhook, SSO sign-in, files, preview images, email unsubscribe,
 * the Slack-compatible Web API, incoming webhooks, response_urls and file upload URLs, live chat's loader,
 * widget page and inbound email, and everything else to Next.
 */
export function createRequestListener(options: { handleNext: RequestListener; trustProxy: boolean }): RequestListener {
  return (req, res) => {
    req.headers[CLIENT_IP_HEADER] = clientIp(req, options.trustProxy);
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    observe(req, res, pathname);
    baselineHeaders(res);
    if (pathname === HEALTH_PATH || pathname.startsWith(`${HEALTH_PATH}/`)) return serve(health, req, res);
    if (pathname === METRICS_PATH) return serve(metricsDoor, req, res);
    if (pathname.startsWith(`${TRPC_HTTP_PATH}/`)) return serve(trpcHttpHandler, req, res);
    if (pathname === LIVEKIT_WEBHOOK_PATH) return serve(livekitWebhook, req, res);
    if (pathname === PREVIEW_IMAGE_PATH) return serve(previewImage, req, res);
    if (pathname === UNSUBSCRIBE_PATH) return serve(unsubscribeDoor, req, res);
    if (pathname === AUDIT_CSV_PATH) return serve(auditCsvDoor, req, res);
    const transfer = transferDoor(pathname);
    if (transfer) return serve(transfer, req, res);
    const sso = ssoDoor(pathname, options.trustProxy);
    if (sso) return serve(sso, req, res);
    const files = fileDoor(pathname);
    if (files) return serve(files, req, res);
    const slackApi = slackWebApi(pathname, (request) => requestOrigin(request, options.trustProxy));
    if (slackApi) return serve(slackApi, req, res);
    const incomingWebhook = incomingWebhookDoor(pathname);
    if (incomingWebhook) return serve(incomingWebhook, req, res);
    const responseUrl = responseUrlDoor(pathname);
    if (responseUrl) return serve(responseUrl, req, res);
    const slackUpload = slackUploadDoor(pathname);
    if (slackUpload) return serve(slackUpload, req, res);
    const scim = scimDoor(pathname, () => env().publicUrl);
    if (scim) return serve(scim, req, res);
    if (pathname === INBOUND_EMAIL_PATH) return serve(inboundEmailDoor, req, res);
    if (pathname === LOADER_PATH) return serve(serveLoader, req, res);
    const widget = widgetDoor(pathname);
    if (widget) return serve(widget, req, res);
    securePage(req, res, options.trustProxy);
    serve(options.handleNext, req, res);
  };
}
