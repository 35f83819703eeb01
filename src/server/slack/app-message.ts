import { and, eq, inArray } from "drizzle-orm";
import type { AppMessageContent } from "@/shared/apps";
import { MESSAGE_MAX_LENGTH } from "@/shared/messages";
import { parseAttachments, parseBlocks, fallbackText } from "@/shared/slack/blocks";
import { emojiForName } from "@/shared/slack/emoji";
import { escapeMarkdown, type MrkdwnResolver, mrkdwnToMarkdown } from "@/shared/slack/mrkdwn";
import { httpUrl } from "@/shared/slack/safe-url";
import { channelReadableBy } from "../access/channels";
import type { Db, Tx } from "../db/client";
import { channels } from "../db/schema";
import { CONVERSATION_ID_KINDS, fromSlackId } from "./ids";

/** A payload Slack would refuse, by Slack's error name, with the reason for the app's author. */
export class SlackPayloadError extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const CHANNEL_REFERENCE = /<#([CDG][0-9A-F]{32})/g;

/**
 * How a payload's ids read in Confab: people by their id (a mention of someone outside the channel shows, and
 * notifies no one); channels by name, looked up once for the whole payload and only in the app's workspace.
 */
async function resolverFor(tx: Db | Tx, payload: Record<string, unknown>, app: { workspaceId: string; botUserId: string }): Promise<MrkdwnResolver> {
  const mentioned = [...new Set([...JSON.stringify(payload).matchAll(CHANNEL_REFERENCE)].map((match) => match[1]!))];
  const ids = mentioned.flatMap((slackId) => fromSlackId(slackId, CONVERSATION_ID_KINDS) ?? []);
  const named = ids.length
    ? await tx
        .select({ id: channels.id, name: channels.name })
        .from(channels)
        // Only channels the app may read, and never a conversation: a name must not leak through a message.
        .where(and(eq(channels.workspaceId, app.workspaceId), inArray(channels.id, ids), inArray(channels.kind, ["public", "private"]), channelReadableBy(app.botUserId)))
    : [];
  const names = new Map(named.map((channel) => [channel.id, channel.name]));
  return {
    user: (slackId) => fromSlackId(slackId, ["U"]) ?? undefined,
    channel: (slackId) => names.get(fromSlackId(slackId, CONVERSATION_ID_KINDS) ?? ""),
  };
}

/**
 * A Slack message payload (chat.postMessage's arguments, an incoming webhook's body, a response_url's) as a Confab
 * message: text from mrkdwn (or from the blocks, when it has none), Block Kit and attachments in Confab's model, and
 * the name and icon it asks to post under, each checked as Slack checks them.
 */
export async function appMessage(tx: Db | Tx, payload: Record<string, unknown>, app: { workspaceId: string; botUserId: string }): Promise<{ body: string; content: AppMessageContent }> {
  const resolve = await resolverFor(tx, payload, app);
  const blocks = payload.blocks === undefined || payload.blocks === "" ? { ok: true as const, value: [] } : parseBlocks(payload.blocks, resolve);
  if (!blocks.ok) throw new SlackPayloadError(blocks.error, blocks.message);
  const attachments = payload.attachments === undefined || payload.attachments === "" ? { ok: true as const, value: [] } : parseAttachments(payload.attachments, resolve);
  if (!attachments.ok) throw new SlackPayloadError(attachments.error, attachments.message);
  const text = typeof payload.text === "string" ? payload.text : "";
  // mrkdwn: false asks for the text as typed, markup and all.
  const plain = payload.mrkdwn === false || payload.mrkdwn === "false";
  const body = text.trim() ? (plain ? escapeMarkdown(text) : mrkdwnToMarkdown(text, resolve)) : fallbackText(blocks.value, attachments.value);
  if (!body.trim() && blocks.value.length === 0 && attachments.value.length === 0) throw new SlackPayloadError("no_text", "Give text, blocks or attachments");
  if (body.length > MESSAGE_MAX_LENGTH) throw new SlackPayloadError("msg_too_long", `Text is at most ${MESSAGE_MAX_LENGTH} characters`);
  const username = typeof payload.username === "string" ? payload.username.trim().slice(0, 80) || null : null;
  const iconName = typeof payload.icon_emoji === "string" ? /^:([^:\s]+):$/.exec(payload.icon_emoji.trim())?.[1] : undefined;
  return {
    body,
    content: {
      blocks: blocks.value,
      attachments: attachments.value,
      username,
      iconUrl: typeof payload.icon_url === "string" ? (httpUrl(payload.icon_url) ?? null) : null,
      iconEmoji: iconName ? (emojiForName(iconName) ?? null) : null,
    },
  };
}
