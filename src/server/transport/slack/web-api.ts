import type { IncomingMessage, ServerResponse } from "node:http";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { botActor } from "../../actions/context";
import { DomainError } from "../../access/errors";
import { sharedRateLimiter } from "../../auth/rate-limit";
import { type AppRow, appForToken } from "../../queries/apps";
import { readBody } from "../http-body";
import { CONVERSATION_ID_KINDS, fromSlackId } from "../../slack/ids";
import { SLACK_METHODS } from "./methods";
import { log } from "../../observability/log";

export const SLACK_API_PREFIX = "/api/slack/";
/** Slack caps a Web API request far above any message; this keeps a flood of blocks out of memory. */
const MAX_BODY_BYTES = 1024 * 1024;

/** A Slack error name (https://docs.slack.dev/reference/methods): the envelope's `error`, what apps branch on. */
export class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}

export type SlackArgs = Record<string, unknown>;
export interface SlackCall {
  app: AppRow & { workspaceName: string; workspaceSlug: string };
  actor: ReturnType<typeof botActor>;
  args: SlackArgs;
  origin: string;
}

/** Slack's tiers (requests per minute per app and method), and chat.postMessage's one a second per channel, with bursts. */
export const TIERS = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;
export type Tier = keyof typeof TIERS | "post";

export interface SlackMethod {
  tier: Tier;
  /** Which token it takes: the bot's (xoxb-, the default) or the app-level one (xapp-, Socket Mode). */
  token?: "bot" | "app";
  /** Any one of these scopes allows the call (Slack's "accepted scopes"); none listed: any token. */
  scopes: readonly string[];
  run(call: SlackCall): Promise<Record<string, unknown>>;
}

const limiters = new Map<string, RateLimiterAbstract>();
function limiterFor(tier: Tier): RateLimiterAbstract {
  const key = String(tier);
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = tier === "post" ? sharedRateLimiter("slack-post", 3, 1) : sharedRateLimiter(`slack-tier-${tier}`, TIERS[tier], 60);
    limiters.set(key, limiter);
  }
  return limiter;
}

/** Seconds until the caller may call again under this tier, or 0 when it may now. */
export async function rateLimited(tier: Tier, key: string): Promise<number> {
  try {
    await limiterFor(tier).consume(key);
    return 0;
  } catch (refusal) {
    return Math.max(1, Math.ceil(((refusal as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000));
  }
}

function methodRateLimited(method: string, spec: SlackMethod, call: SlackCall): Promise<number> {
  // Per conversation, whichever of its ids (C…, D…, G…) the app names it by.
  const scope = spec.tier === "post" ? (fromSlackId(call.args.channel, [...CONVERSATION_ID_KINDS, "U"]) ?? String(call.args.channel ?? "")) : "";
  return rateLimited(spec.tier, `${call.app.id}:${method}:${scope}`);
}

function parseArgs(body: string, contentType: string): SlackArgs | null {
  if (body.trim() === "") return {};
  if (contentType.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(body);
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as SlackArgs) : null;
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function send(res: ServerResponse, status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(payload));
}

function tokenOf(req: IncomingMessage, args: SlackArgs): string | null {
  const header = String(req.headers.authorization ?? "");
  if (header.toLowerCase().startsWith("bearer ")) return header.slice(7).trim();
  return typeof args.token === "string" ? args.token : null;
}

/**
 * Slack's Web API, as its SDKs call it: POST /api/slack/<method>, a form or JSON body, a bearer token; always HTTP 200
 * with `{ ok, error }` except 429 with Retry-After. Each method runs as the app's bot through the same actions as a person.
 */
export function slackWebApi(pathname: string, origin: (req: IncomingMessage) => string) {
  if (!pathname.startsWith(SLACK_API_PREFIX)) return null;
  const method = pathname.slice(SLACK_API_PREFIX.length);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const spec = Object.hasOwn(SLACK_METHODS, method) ? SLACK_METHODS[method] : undefined;
    if (!spec) return send(res, 404, { ok: false, error: "unknown_method" });
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === null) return send(res, 413, { ok: false, error: "request_too_large" });
    const args = parseArgs(body, String(req.headers["content-type"] ?? ""));
    if (!args) return send(res, 200, { ok: false, error: "invalid_json" });
    const token = tokenOf(req, args);
    if (!token) return send(res, 200, { ok: false, error: "not_authed" });
    const kind = spec.token ?? "bot";
    const app = await appForToken(token, kind);
    if (!app) {
      const otherKind = await appForToken(token, kind === "bot" ? "app" : "bot");
      return send(res, 200, { ok: false, error: otherKind ? "not_allowed_token_type" : "invalid_auth" });
    }
    const scopeHeaders = { "x-oauth-scopes": app.scopes.join(","), "x-accepted-oauth-scopes": spec.scopes.join(",") };
    if (spec.scopes.length > 0 && !spec.scopes.some((scope) => app.scopes.includes(scope))) {
      return send(res, 200, { ok: false, error: "missing_scope", needed: spec.scopes.join(","), provided: app.scopes.join(",") }, scopeHeaders);
    }
    const call: SlackCall = { app, actor: botActor(app), args, origin: origin(req) };
    const wait = await methodRateLimited(method, spec, call);
    if (wait > 0) return send(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(wait) });
    try {
      send(res, 200, { ok: true, ...(await spec.run(call)) }, scopeHeaders);
    } catch (error) {
      if (error instanceof SlackApiError) return send(res, 200, { ok: false, error: error.error, ...error.extra }, scopeHeaders);
      // A refusal the method did not name: the closest of Slack's generic errors, with the reason for a person.
      if (error instanceof DomainError) {
        const name = { NOT_FOUND: "not_found", FORBIDDEN: "restricted_action", BAD_REQUEST: "invalid_arguments", CONFLICT: "already_exists", UNAUTHORIZED: "invalid_auth", TOO_MANY_REQUESTS: "ratelimited", PAYLOAD_TOO_LARGE: "request_too_large" }[error.code];
        return send(res, 200, { ok: false, error: name, warning: error.message }, scopeHeaders);
      }
      log().error({ err: error, method }, "[slack] Web API call failed");
      send(res, 200, { ok: false, error: "internal_error" });
    }
  };
}
