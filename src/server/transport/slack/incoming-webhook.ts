import type { IncomingMessage, ServerResponse } from "node:http";
import { INCOMING_WEBHOOK_PATH } from "@/shared/apps";
import { newId } from "@/shared/ids";
import { DomainError } from "../../access/errors";
import { db } from "../../db/client";
import { botActor, runAction } from "../../actions/context";
import { sendMessage } from "../../actions/messages/send-message";
import { webhookForSecret } from "../../queries/apps";
import { messageIdForTs } from "../../queries/slack";
import { readBody, replyText } from "../http-body";
import { rateLimited } from "./web-api";
import { appMessage, SlackPayloadError } from "../../slack/app-message";

const MAX_BODY_BYTES = 512 * 1024;


function payloadOf(body: string, contentType: string): Record<string, unknown> | null {
  try {
    const raw = contentType.includes("application/x-www-form-urlencoded") ? new URLSearchParams(body).get("payload") : body;
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Slack's incoming webhooks: POST a JSON body (or a form with `payload=`) to the URL, and it is a message in the
 * webhook's channel from its app. Answers are Slack's too: "ok", or a plain-text error name with a 4xx status.
 */
export function incomingWebhookDoor(pathname: string) {
  if (!pathname.startsWith(INCOMING_WEBHOOK_PATH)) return null;
  const secret = pathname.slice(INCOMING_WEBHOOK_PATH.length);
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") return replyText(res, 405, "invalid_method");
    const found = secret ? await webhookForSecret(secret) : null;
    if (!found) return replyText(res, 404, "no_service");

    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === null) return replyText(res, 413, "payload_too_large");
    const payload = payloadOf(body, String(req.headers["content-type"] ?? ""));
    if (!payload) return replyText(res, 400, "invalid_payload");
    const actor = botActor(found.app);
    try {
      const message = await appMessage(db(), payload, found.app);
      // Slack's pace for a webhook: about one message a second, with short bursts.
      const wait = await rateLimited("post", `webhook:${found.webhook.id}`);
      if (wait > 0) {
        res.setHeader("retry-after", String(wait));
        return replyText(res, 429, "rate_limited");
      }
      const threadRootId = payload.thread_ts !== undefined ? await messageIdForTs(actor.userId, found.webhook.channelId, payload.thread_ts) : null;
      await runAction(actor, sendMessage, {
        channelId: found.webhook.channelId,
        body: message.body,
        fileIds: [],
        clientNonce: newId(),
        threadRootId: threadRootId ?? undefined,
        alsoInChannel: false,
        appContent: message.content,
      });
      replyText(res, 200, "ok");
    } catch (error) {
      if (error instanceof SlackPayloadError) return replyText(res, 400, error.error);
      if (error instanceof DomainError) {
        if (/archived/.test(error.message)) return replyText(res, 410, "channel_is_archived");
        if (error.code === "NOT_FOUND" || /^Join #/.test(error.message)) return replyText(res, 404, "channel_not_found");
        return replyText(res, 400, "invalid_payload");
      }
      throw error;
    }
  };
}
