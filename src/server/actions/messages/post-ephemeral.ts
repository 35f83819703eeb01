import { and, eq } from "drizzle-orm";
import type { AppMessageContent } from "@/shared/apps";
import { topics } from "@/shared/events";
import { newId } from "@/shared/ids";
import type { EphemeralMessage } from "@/shared/messages";
import { CHANNEL_NOT_FOUND, requireChannelMember, requireReadableChannel } from "../../access/channels";
import { DomainError, notFound } from "../../access/errors";
import type { Db, Tx } from "../../db/client";
import { apps, channelMembers } from "../../db/schema";
import { defineAction } from "../context";

/** An app's message as only one person sees it: under the name and icon it asked for, its blocks in Confab's model. */
export function appEphemeral(
  app: { id: string; name: string; botUserId: string; iconUrl: string | null },
  place: { channelId: string; threadRootId: string | null },
  message: { body: string; content: AppMessageContent },
  now: Date,
): EphemeralMessage {
  const { content } = message;
  return {
    id: newId(),
    ...place,
    authorId: app.botUserId,
    app: { id: app.id, name: content.username ?? app.name, iconUrl: content.iconUrl ?? app.iconUrl, iconEmoji: content.iconEmoji },
    body: message.body,
    blocks: content.blocks.length ? content.blocks : null,
    attachments: content.attachments.length ? content.attachments : null,
    createdAt: now,
  };
}

async function requireMember(tx: Db | Tx, channelId: string, userId: string) {
  const [member] = await tx
    .select({ userId: channelMembers.userId })
    .from(channelMembers)
    .where(and(eq(channelMembers.channelId, channelId), eq(channelMembers.userId, userId)));
  // Slack's user_not_in_channel: the person would never see it.
  if (!member) throw new DomainError("BAD_REQUEST", "That person is not in this conversation", "user");
}

/**
 * An app's message to one person in a conversation, seen only by them (chat.postEphemeral, or an answer through a
 * command's response_url). Through the Web API the bot must be in the conversation, as Slack asks; a response_url is
 * the person's own invitation to answer them where they typed the command, bot there or not.
 */
export const postEphemeral = defineAction(
  { actors: ["bot"], transaction: false },
  async (ctx, input: { channelId: string; threadRootId: string | null; userId: string; body: string; content: AppMessageContent; via: "api" | "response_url" }) => {
    const { tx, actor, services, emit } = ctx;
    if (input.via === "api") await requireChannelMember(tx, input.channelId, actor.userId);
    else await requireReadableChannel(tx, input.channelId, input.userId).catch(() => {
      throw notFound(CHANNEL_NOT_FOUND);
    });
    await requireMember(tx, input.channelId, input.userId);
    const [app] = await tx.select().from(apps).where(eq(apps.id, actor.appId));
    if (!app) throw notFound("That app no longer exists");
    const message = appEphemeral(app, { channelId: input.channelId, threadRootId: input.threadRootId }, input, services.clock.now());
    emit(topics.user(input.userId), { type: "message.ephemeral", message });
    return message;
  },
);
