import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/env";
import { DomainError } from "../../access/errors";
import { runAction, SYSTEM } from "../../actions/context";
import { receiveEmailReply } from "../../actions/support/receive-email-reply";
import { readEmailReply } from "../../support/inbound-email";
import { withinLimit } from "../../support/limits";
import { bearerIs, readBody, replyText } from "../http-body";

export const INBOUND_EMAIL_PATH = "/api/support/inbound-email";
/** Far above a reply's text; attachments beyond it are not carried into the chat. */
const MAX_EMAIL_BYTES = 2 * 1024 * 1024;

/**
 * Visitors' replies to Confab's emails, as the mail server hands them over (Postfix pipe, a Mailgun/Postmark route,
 * or anything that POSTs the raw RFC 822 message with the bearer token): each continues its conversation.
 */
export async function inboundEmailDoor(req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "POST") return replyText(res, 405, "POST the raw email");
  if (!bearerIs(req, env().SUPPORT_INBOUND_SECRET)) return replyText(res, 401, "unauthorized");
  const raw = await readBody(req, MAX_EMAIL_BYTES);
  if (raw === null) return replyText(res, 413, "too large");
  const reply = await readEmailReply(raw);
  // A mail server retries what it is refused; a message that is not for a conversation is accepted and dropped.
  if (!reply) return replyText(res, 202, "ignored: not a reply to a conversation");
  try {
    await withinLimit("inboundEmailPerConversation", reply.replyToken);
    const { conversationId } = await runAction(SYSTEM, receiveEmailReply, reply);
    return replyText(res, 200, `ok ${conversationId}`);
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") return replyText(res, 202, "ignored: no such conversation");
    if (error instanceof DomainError && error.code === "TOO_MANY_REQUESTS") return replyText(res, 429, error.message);
    throw error;
  }
}
