import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, replyJson } from "./http-body";
import { applyCallRoomEvent } from "../actions/calls/apply-call-room-event";
import { runAction, SYSTEM } from "../actions/context";
import { livekitConfig, webhookReceiver } from "../calls/livekit";
import { log } from "../observability/log";

export const LIVEKIT_WEBHOOK_PATH = "/api/livekit/webhook";
const MAX_BODY_BYTES = 64 * 1024;


/**
 * LiveKit's webhook: the body must carry a valid signature from our API key (checked by the SDK's WebhookReceiver);
 * anything else is refused with 401 and changes nothing.
 */
export async function livekitWebhook(req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "POST") return replyJson(res, 405, { error: "Use POST" });
  const config = livekitConfig();
  if (!config) return replyJson(res, 404, { error: "Calls are not configured on this server" });
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === null) return replyJson(res, 413, { error: "Webhook body too large" });
  let event;
  try {
    event = await webhookReceiver(config).receive(body, req.headers.authorization);
  } catch {
    return replyJson(res, 401, { error: "Invalid webhook signature" });
  }
  try {
    const outcome = await runAction(SYSTEM, applyCallRoomEvent, {
      id: event.id,
      event: event.event,
      room: event.room?.name,
      identity: event.participant?.identity,
      at: new Date(Number(event.createdAt) * 1000 || Date.now()),
    });
    replyJson(res, 200, { outcome });
  } catch (error) {
    log().error({ err: error }, "[calls] webhook failed");
    replyJson(res, 500, { error: "The webhook could not be applied; LiveKit will retry" });
  }
}
