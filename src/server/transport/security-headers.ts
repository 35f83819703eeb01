import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/env";
import { livekitConfig } from "../calls/livekit";
import { requestOrigin } from "./origin";

/** Features the app uses itself (calls: camera, microphone, screen sharing) and no frame of anyone else's may. */
const PERMISSIONS_POLICY = "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()";

/** What every answer of this server carries, whichever door it came from. */
export function baselineHeaders(res: ServerResponse) {
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "strict-origin-when-cross-origin");
  res.setHeader("permissions-policy", PERMISSIONS_POLICY);
}

/** Where a call's browser talks to LiveKit: its signalling WebSocket and the HTTP check it makes when that fails. */
function livekitOrigins(): string[] {
  const config = livekitConfig();
  if (!config) return [];
  const url = new URL(config.publicUrl);
  const secure = url.protocol === "wss:" || url.protocol === "https:";
  return [`${secure ? "wss" : "ws"}://${url.host}`, `${secure ? "https" : "http"}://${url.host}`];
}

/**
 * The policy of the app's pages. Scripts run only with this response's nonce (Next puts it on its own scripts and
 * next-themes on its one inline script) or when loaded by such a script ('strict-dynamic'): an injected
 * `<script>` or event handler does not run. Styles may be inline (React's style attributes); images from anywhere
 * over HTTPS (avatars from identity providers); nothing may frame the app.
 */
export function appPolicy(nonce: string, origin: string, dev: boolean) {
  const socketOrigin = origin.replace(/^http/, "ws");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${socketOrigin} ${livekitOrigins().join(" ")}`.trim(),
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * A page request on its way to Next: a fresh nonce, handed to Next in the request's own CSP header (where Next reads
 * it to mark its scripts) and to the layout as x-nonce, and the policy with the headers a page needs sent back.
 */
export function securePage(req: IncomingMessage, res: ServerResponse, trustProxy: boolean) {
  const nonce = randomBytes(16).toString("base64");
  const policy = appPolicy(nonce, requestOrigin(req, trustProxy), env().NODE_ENV !== "production");
  req.headers["content-security-policy"] = policy;
  req.headers["x-nonce"] = nonce;
  res.setHeader("content-security-policy", policy);
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("cross-origin-opener-policy", "same-origin");
}
