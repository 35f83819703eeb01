import { eq } from "drizzle-orm";
import type { ActionElement, BlockAction, LegacyAttachment, RichBlock } from "@/shared/slack/blocks";
import { readableMessage } from "../../access/messages";
import { badRequest, notFound } from "../../access/errors";
import { decryptSecret } from "../../auth/secrets";
import { apps } from "../../db/schema";
import { safePost } from "../../outbound/safe-fetch";
import { messageView } from "../../queries/message-views";
import { slackMessage } from "../../slack/format";
import { conversationKindLetter, toSlackId } from "../../slack/ids";
import { signedHeaders } from "../../slack/signing";
import { sendEnvelope } from "../../slack/socket-mode";
import { defineAction } from "../context";
import { issueResponseUrl, newTriggerId } from "./issue-response-url";

/** Slack gives an app three seconds to acknowledge a click. */
const CLICK_ANSWER_TIMEOUT_MS = 3000;

function elementsOf(blocks: RichBlock[], attachments: LegacyAttachment[]): ActionElement[] {
  return [...blocks, ...attachments.flatMap((attachment) => attachment.blocks)].flatMap((block) =>
    block.type === "actions" ? block.elements : block.type === "section" && block.accessory && block.accessory.type !== "image" ? [block.accessory] : [],
  );
}

/** The element clicked, if the message really holds it with that value: a click cannot be made up from the browser. */
function clickedElement(blocks: RichBlock[], attachments: LegacyAttachment[], action: BlockAction): ActionElement | undefined {
  return elementsOf(blocks, attachments).find((element) => {
    if (element.type !== action.type || element.actionId !== action.actionId) return false;
    if (element.type === "button") return element.value === action.value;
    const options = element.type === "static_select" ? [...element.options, ...element.groups.flatMap((group) => group.options)] : element.options;
    return options.some((option) => option.value === action.value);
  });
}

/**
 * A person's click on a button or choice in an app's message, sent to the app's interactivity URL as Slack's
 * block_actions payload, signed, with a response_url the app may use to change the message or answer in the channel.
 * The app must answer within three seconds, as Slack asks; otherwise the person is told it did not. An app on Socket
 * Mode gets the same payload over its connection.
 */
export const clickBlockAction = defineAction({ actors: ["user"], transaction: false }, async (ctx, input: { messageId: string; action: BlockAction; origin: string }) => {
  const { tx, actor, services } = ctx;
  const { message, channel } = await readableMessage(tx, input.messageId, actor.userId);
  const [app] = message.appId ? await tx.select().from(apps).where(eq(apps.id, message.appId)) : [];
  if (!app || message.deletedAt) throw notFound("That message has no app to answer it");
  const element = clickedElement((message.blocks as RichBlock[] | null) ?? [], (message.attachments as LegacyAttachment[] | null) ?? [], input.action);
  if (!element) throw badRequest("That button or choice is not in the message");
  if (!app.interactivityUrl && !app.socketMode) {
    // A link button still did its job (the link opened); only a button that needs the app fails without one.
    if (element.type === "button" && element.url) return;
    throw badRequest(`${app.name} does not take clicks yet: its interactivity URL is not set`);
  }
  const now = services.clock.now();
  const responseUrl = await issueResponseUrl(ctx, { appId: app.id, channelId: channel.id, userId: actor.userId, messageId: message.id, threadRootId: message.threadRootId }, input.origin);
  const teamId = toSlackId("T", channel.workspaceId);
  const slackChannel = toSlackId(conversationKindLetter(channel.kind), channel.id);
  const view = (await messageView(tx, message.id))!;
  const payload = {
    type: "block_actions",
    user: { id: toSlackId("U", actor.userId), team_id: teamId },
    api_app_id: toSlackId("A", app.id),
    token: "",
    container: { type: "message", message_ts: slackMessage(view, teamId).ts, channel_id: slackChannel, is_ephemeral: false },
    trigger_id: newTriggerId(now),
    team: { id: teamId },
    channel: { id: slackChannel, name: channel.name },
    message: slackMessage(view, teamId),
    response_url: responseUrl,
    actions: [
      {
        type: element.type,
        action_id: element.actionId,
        block_id: input.action.blockId,
        action_ts: `${Math.floor(now.getTime() / 1000)}.000000`,
        ...(element.type === "button" ? { value: element.value, text: { type: "plain_text", text: element.text } } : { selected_option: { value: input.action.value } }),
      },
    ],
  };
  if (app.socketMode) {
    const sent = await sendEnvelope(tx, app.id, { type: "interactive", payload }, CLICK_ANSWER_TIMEOUT_MS);
    if (!sent.delivered) throw badRequest(`${app.name} did not answer the click; try again in a moment`);
    return;
  }
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const answer = await safePost(
    app.interactivityUrl!,
    { "content-type": "application/x-www-form-urlencoded", ...signedHeaders(decryptSecret(app.signingSecretEncrypted), body, now) },
    Buffer.from(body),
    { timeoutMs: CLICK_ANSWER_TIMEOUT_MS },
  ).catch(() => null);
  if (!answer || answer.status < 200 || answer.status >= 300) throw badRequest(`${app.name} did not answer the click; try again in a moment`);
});
