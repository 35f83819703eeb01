import type { IncomingMessage, ServerResponse } from "node:http";
import { eq } from "drizzle-orm";
import { newId } from "@/shared/ids";
import { DomainError } from "../../access/errors";
import { botActor, runAction } from "../../actions/context";
import { claimResponseUrl } from "../../actions/apps/claim-response-url";
import { RESPONSE_URL_PATH } from "../../actions/apps/issue-response-url";
import { deleteMessage } from "../../actions/messages/delete-message";
import { editMessage } from "../../actions/messages/edit-message";
import { postEphemeral } from "../../actions/messages/post-ephemeral";
import { sendMessage } from "../../actions/messages/send-message";
import { db } from "../../db/client";
import { apps, responseUrls } from "../../db/schema";
import { readBody } from "../http-body";
import { appMessage, SlackPayloadError } from "../../slack/app-message";

const MAX_BODY_BYTES = 512 * 1024;

function answer(res: ServerResponse, status: number, payload: Record<string, unknown>) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(payload));
}

/**
 * The response_url handed to an app with a click or a command: the URL is the credential, as Slack's is. The app may
 * answer the person who asked (the default, seen only by them), post in the conversation, or replace or delete the
 * message clicked, a few times for a while.
 */
export function responseUrlDoor(pathname: string) {
  if (!pathname.startsWith(RESPONSE_URL_PATH)) return null;
  const id = pathname.slice(RESPONSE_URL_PATH.length);
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") return answer(res, 405, { ok: false, error: "invalid_method" });
    const [row] = /^[0-9a-f-]{36}$/.test(id) ? await db().select({ app: apps }).from(responseUrls).innerJoin(apps, eq(apps.id, responseUrls.appId)).where(eq(responseUrls.id, id)) : [];
    if (!row) return answer(res, 404, { ok: false, error: "expired_url" });
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === null) return answer(res, 413, { ok: false, error: "payload_too_large" });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return answer(res, 400, { ok: false, error: "invalid_payload" });
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return answer(res, 400, { ok: false, error: "invalid_payload" });
    const payload = parsed as Record<string, unknown>;
    const actor = botActor(row.app);
    try {
      const deleting = payload.delete_original === true;
      const message = deleting ? null : await appMessage(db(), payload, row.app);
      const use = await runAction(actor, claimResponseUrl, { id });
      const threadRootId = (use.context as { threadRootId?: string | null } | null)?.threadRootId ?? null;
      const toCaller = () =>
        runAction(actor, postEphemeral, { channelId: use.channelId, threadRootId, userId: use.userId, body: message!.body, content: message!.content, via: "response_url" });
      if (deleting || payload.replace_original === true) {
        if (!use.messageId) return answer(res, 400, { ok: false, error: "no_original_message", warning: "Only an answer to a click can replace or delete its message" });
        if (deleting) await runAction(actor, deleteMessage, { messageId: use.messageId });
        else await runAction(actor, editMessage, { messageId: use.messageId, body: message!.body, appContent: message!.content });
      } else if (payload.response_type === "in_channel") {
        const posted = await runAction(actor, sendMessage, {
          channelId: use.channelId,
          body: message!.body,
          fileIds: [],
          clientNonce: newId(),
          threadRootId: threadRootId ?? undefined,
          alsoInChannel: false,
          appContent: message!.content,
        }).catch((error: unknown) => {
          if (!(error instanceof DomainError)) throw error;
          return null;
        });
        // The bot is not in the conversation: the person who asked still gets the answer, as Slack would not fail it.
        if (!posted) {
          await toCaller();
          return answer(res, 200, { ok: true, warning: "not_in_channel: shown only to the person who asked; add the app to the conversation to answer everyone" });
        }
      } else {
        // Slack's default for a response_url: only the person who asked sees it.
        await toCaller();
      }
      answer(res, 200, { ok: true });
    } catch (error) {
      if (error instanceof SlackPayloadError) return answer(res, 400, { ok: false, error: error.error, warning: error.message });
      if (error instanceof DomainError) return answer(res, error.code === "NOT_FOUND" ? 404 : 400, { ok: false, error: error.code === "NOT_FOUND" ? "expired_url" : "invalid_payload", warning: error.message });
      throw error;
    }
  };
}
