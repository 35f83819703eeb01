import { type FileView, fileUrl } from "@/shared/files";
import type { MessageView } from "@/shared/messages";
import type { ActionElement, ContextElement, ImageElement, LegacyAttachment, RichBlock, SelectOption } from "@/shared/slack/blocks";
import { nameForEmoji } from "@/shared/slack/emoji";
import { markdownToMrkdwn } from "@/shared/slack/mrkdwn";
import type { ChannelKind } from "@/shared/channels";
import { conversationKindLetter, toSlackId, toSlackTs } from "./ids";

/** A Confab body as the mrkdwn Slack's apps read, people as <@U…>. */
export function slackText(body: string): string {
  return markdownToMrkdwn(body, { user: (id) => toSlackId("U", id) });
}

/** A message as Slack's API returns it; `threadTs` is its thread root's ts, for a reply. */
export function slackMessage(message: MessageView, teamId: string, threadTs?: string) {
  const author = message.authorId ? toSlackId("U", message.authorId) : undefined;
  return {
    type: "message",
    ...(message.kind === "system" && { subtype: "channel_topic" }),
    user: author,
    ...(message.app && { bot_id: toSlackId("B", message.app.id), app_id: toSlackId("A", message.app.id), ...(message.app.username && { username: message.app.username }) }),
    text: slackText(message.body),
    ts: toSlackTs(message),
    team: teamId,
    ...((threadTs ?? (message.replyCount > 0 ? toSlackTs(message) : undefined)) && { thread_ts: threadTs ?? toSlackTs(message) }),
    ...(message.replyCount > 0 && {
      reply_count: message.replyCount,
      reply_users: message.replyUserIds.map((id) => toSlackId("U", id)),
      reply_users_count: message.replyUserIds.length,
      latest_reply: message.lastReplyAt ? String(Math.floor(message.lastReplyAt.getTime() / 1000)) + ".000000" : undefined,
    }),
    ...(message.editedAt && author && { edited: { user: author, ts: `${Math.floor(message.editedAt.getTime() / 1000)}.000000` } }),
    ...(message.reactions.length > 0 && {
      reactions: message.reactions.map((reaction) => ({ name: nameForEmoji(reaction.emoji), users: reaction.userIds.map((id) => toSlackId("U", id)), count: reaction.userIds.length })),
    }),
    ...(message.pinned && { pinned_to: [] }),
    ...(message.blocks && { blocks: slackBlocks(message.blocks) }),
    ...(message.attachments && { attachments: message.attachments.map(slackAttachment) }),
    ...(message.files.length > 0 && { files: message.files.map((file) => slackFile(file)) }),
  };
}

/** A file as Slack's API describes it; its URLs (with the origin) need a session or the bot's token to fetch. */
export function slackFile(file: FileView, origin?: string) {
  const extension = /\.([a-z0-9]{1,10})$/i.exec(file.name)?.[1]?.toLowerCase() ?? "binary";
  return {
    id: toSlackId("F", file.id),
    created: Math.floor(file.createdAt.getTime() / 1000),
    timestamp: Math.floor(file.createdAt.getTime() / 1000),
    name: file.name,
    title: file.name,
    mimetype: file.mimeType,
    filetype: extension,
    pretty_type: extension.toUpperCase(),
    user: file.uploaderId ? toSlackId("U", file.uploaderId) : undefined,
    size: file.size,
    is_external: false,
    ...(file.width && file.height && { original_w: file.width, original_h: file.height }),
    ...(origin && { url_private: new URL(fileUrl(file), origin).toString(), url_private_download: new URL(fileUrl(file), origin).toString() }),
  };
}

export function slackConversation(
  channel: { id: string; kind: ChannelKind; name: string; topic: string; description: string; isDefault: boolean; createdBy: string | null; archivedAt: Date | null; createdAt: Date },
  extra: { isMember: boolean; memberCount?: number },
) {
  const id = toSlackId(conversationKindLetter(channel.kind), channel.id);
  const created = Math.floor(channel.createdAt.getTime() / 1000);
  return {
    id,
    name: channel.kind === "dm" || channel.kind === "group_dm" ? undefined : channel.name,
    is_channel: channel.kind === "public",
    is_group: channel.kind === "private",
    is_im: channel.kind === "dm",
    is_mpim: channel.kind === "group_dm",
    is_private: channel.kind !== "public",
    created,
    is_archived: channel.archivedAt !== null,
    is_general: channel.isDefault,
    creator: channel.createdBy ? toSlackId("U", channel.createdBy) : "",
    is_member: extra.isMember,
    ...(extra.memberCount !== undefined && { num_members: extra.memberCount }),
    topic: { value: channel.topic, creator: "", last_set: 0 },
    purpose: { value: channel.description, creator: "", last_set: 0 },
  };
}

export function slackUser(
  person: { user: { id: string; name: string; email: string; image: string | null; isBot: boolean }; role: string; appId: string | null },
  teamId: string,
  options: { withEmail: boolean; origin: string },
) {
  const image = person.user.image ? new URL(person.user.image, options.origin).toString() : "";
  return {
    id: toSlackId("U", person.user.id),
    team_id: teamId,
    // A handle from the name, never the email's local part (that is for apps with users:read.email).
    name: person.user.name.toLowerCase().replace(/\s+/g, "."),
    real_name: person.user.name,
    deleted: false,
    is_bot: person.user.isBot,
    is_app_user: false,
    is_admin: person.role === "admin" || person.role === "owner",
    is_owner: person.role === "owner",
    is_restricted: person.role === "guest",
    tz: "UTC",
    profile: {
      real_name: person.user.name,
      display_name: person.user.name,
      ...(options.withEmail && !person.user.isBot && { email: person.user.email }),
      image_72: image,
      image_192: image,
      ...(person.appId && { bot_id: toSlackId("B", person.appId), api_app_id: toSlackId("A", person.appId) }),
    },
  };
}

const plain = (text: string) => ({ type: "plain_text", text, emoji: true });
const mrkdwn = (markdown: string) => ({ type: "mrkdwn", text: slackText(markdown) });
const option = (choice: SelectOption) => ({ text: plain(choice.text), value: choice.value, ...(choice.description && { description: plain(choice.description) }) });

function slackElement(element: ActionElement | ImageElement) {
  switch (element.type) {
    case "image":
      return { type: "image", image_url: element.imageUrl, alt_text: element.altText };
    case "button":
      return {
        type: "button",
        action_id: element.actionId,
        text: plain(element.text),
        ...(element.value !== undefined && { value: element.value }),
        ...(element.url && { url: element.url }),
        ...(element.style && { style: element.style }),
        ...(element.accessibilityLabel && { accessibility_label: element.accessibilityLabel }),
      };
    case "static_select": {
      const all = [...element.options, ...element.groups.flatMap((group) => group.options)];
      const initial = all.find((choice) => choice.value === element.initialValue);
      return {
        type: "static_select",
        action_id: element.actionId,
        ...(element.placeholder && { placeholder: plain(element.placeholder) }),
        ...(element.groups.length > 0 ? { option_groups: element.groups.map((group) => ({ label: plain(group.label), options: group.options.map(option) })) } : { options: element.options.map(option) }),
        ...(initial && { initial_option: option(initial) }),
      };
    }
    case "overflow":
      return { type: "overflow", action_id: element.actionId, options: element.options.map((choice) => ({ ...option(choice), ...(choice.url && { url: choice.url }) })) };
  }
}

const contextElement = (element: ContextElement) => (element.type === "image" ? slackElement(element) : mrkdwn(element.text));

/**
 * Block Kit as the app sent it, back from Confab's model (an app reads its own message to change it): the same
 * blocks, ids and values; text in mrkdwn, rich text as one section of it.
 */
export function slackBlocks(blocks: RichBlock[]): Array<Record<string, unknown>> {
  return blocks.map((block) => {
    const id = block.blockId ? { block_id: block.blockId } : {};
    switch (block.type) {
      case "section":
        return {
          type: "section",
          ...id,
          ...(block.text !== undefined && { text: mrkdwn(block.text) }),
          ...(block.fields.length > 0 && { fields: block.fields.map(mrkdwn) }),
          ...(block.accessory && { accessory: slackElement(block.accessory) }),
        };
      case "context":
        return { type: "context", ...id, elements: block.elements.map(contextElement) };
      case "divider":
        return { type: "divider", ...id };
      case "header":
        return { type: "header", ...id, text: plain(block.text) };
      case "image":
        return { type: "image", ...id, image_url: block.imageUrl, alt_text: block.altText, ...(block.title && { title: plain(block.title) }) };
      case "actions":
        return { type: "actions", ...id, elements: block.elements.map(slackElement) };
      case "rich_text":
        return { type: "rich_text", ...id, elements: [{ type: "rich_text_section", elements: [{ type: "text", text: slackText(block.text) }] }] };
    }
  });
}

function slackAttachment(attachment: LegacyAttachment) {
  return {
    ...(attachment.color && { color: attachment.color.replace(/^#/, "") }),
    ...(attachment.pretext && { pretext: slackText(attachment.pretext) }),
    ...(attachment.author && { author_name: attachment.author.name, author_link: attachment.author.link, author_icon: attachment.author.icon }),
    ...(attachment.title && { title: attachment.title.text, title_link: attachment.title.link }),
    ...(attachment.text && { text: slackText(attachment.text) }),
    ...(attachment.fields.length > 0 && { fields: attachment.fields.map((field) => ({ title: field.title, value: slackText(field.value), short: field.short })) }),
    ...(attachment.imageUrl && { image_url: attachment.imageUrl }),
    ...(attachment.thumbUrl && { thumb_url: attachment.thumbUrl }),
    ...(attachment.footer && { footer: slackText(attachment.footer.text), footer_icon: attachment.footer.icon }),
    ...(attachment.ts !== undefined && { ts: attachment.ts }),
    ...(attachment.fallback && { fallback: slackText(attachment.fallback) }),
    ...(attachment.blocks.length > 0 && { blocks: slackBlocks(attachment.blocks) }),
  };
}
