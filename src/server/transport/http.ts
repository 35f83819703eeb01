import type { IncomingMessage, RequestListener } from "node:http";
import { TRPC_HTTP_PATH, trpcHttpHandler } from "./trpc";
import { CLIENT_IP_HEADER } from "../auth/client-ip";
import { HEALTH_PATH, health } from "./health";
import { ssoDoor } from "./sso";
import { LIVEKIT_WEBHOOK_PATH, livekitWebhook } from "./livekit-webhook";
import { fileDoor } from "./files";
import { PREVIEW_IMAGE_PATH, previewImage } from "./preview-images";
import { UNSUBSCRIBE_PATH, unsubscribeDoor } from "./unsubscribe";
import { requestOrigin } from "./origin";
import { incomingWebhookDoor } from "./slack/incoming-webhook";
import { responseUrlDoor } from "./slack/response-url";
import { slackWebApi } from "./slack/web-api";

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim() : "";
  return forwarded || req.socket.remoteAddress || "unknown";
}

/**
 * The HTTP door of the process: health, tRPC, LiveKit's webhook, SSO sign-in, files, preview images, email unsubscribe,
 * the Slack-compatible Web API and incoming webhooks, and everything else to Next.
 */
export function createRequestListener(options: { handleNext: RequestListener; trustProxy: boolean }): RequestListener {
  return (req, res) => {
    req.headers[CLIENT_IP_HEADER] = clientIp(req, options.trustProxy);
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname === HEALTH_PATH) return void health(res);
    if (pathname.startsWith(`${TRPC_HTTP_PATH}/`)) return void trpcHttpHandler(req, res);
    if (pathname === LIVEKIT_WEBHOOK_PATH) return void livekitWebhook(req, res);
    if (pathname === PREVIEW_IMAGE_PATH) return void previewImage(req, res);
    if (pathname === UNSUBSCRIBE_PATH) return void unsubscribeDoor(req, res);
    const sso = ssoDoor(pathname, options.trustProxy);
    if (sso) return void sso(req, res);
    const files = fileDoor(pathname);
    if (files) return void files(req, res);
    const slackApi = slackWebApi(pathname, (request) => requestOrigin(request, options.trustProxy));
    if (slackApi) return void slackApi(req, res);
    const incomingWebhook = incomingWebhookDoor(pathname);
    if (incomingWebhook) return void incomingWebhook(req, res);
    const responseUrl = responseUrlDoor(pathname);
    if (responseUrl) return void responseUrl(req, res);
    void options.handleNext(req, res);
  };
}
