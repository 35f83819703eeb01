import type { LegacyAttachment, RichBlock } from "./slack/blocks";
import { z } from "zod";
import { FILES_PER_MESSAGE, type FileView } from "./files";
import type { LinkPreviewView } from "./previews";

export const MESSAGE_MAX_LENGTH = 40_000;
export const HISTORY_PAGE_SIZE = 50;

const id = (what: string) => z.string().uuid(`Unknown ${what}`);

export const messageBody = z
  .string()
  .max(MESSAGE_MAX_LENGTH, `Messages are at most ${MESSAGE_MAX_LENGTH.toLocaleString("en-US")} characters`)
  .refine((body) => body.trim().length > 0, "Write something before sending");

export const sendMessageInput = z
  .object({
    channelId: id("channel"),
    /** May be empty when files are attached. */
    body: z.string().max(MESSAGE_MAX_LENGTH, `Messages are at most ${MESSAGE_MAX_LENGTH.toLocaleString("en-US")} characters`),
    fileIds: z.array(id("file")).max(FILES_PER_MESSAGE, `A message can carry at most ${FILES_PER_MESSAGE} files`).default([]),
    /** Unique per author; a retried send with the same nonce returns the original message. */
    clientNonce: z.string().min(8, "Invalid nonce").max(64, "Invalid nonce"),
    threadRootId: id("thread").optional(),
    alsoInChannel: z.boolean().default(false),
  })
  .refine((input) => input.body.trim().length > 0 || input.fileIds.length > 0, { message: "Write something before sending", path: ["body"] });
export const editMessageInput = z.object({ messageId: id("message"), body: messageBody });
export const messageIdInput = z.object({ messageId: id("message") });
/** Pin or unpin, save or unsave. */
export const flagInput = z.object({ messageId: id("message"), on: z.boolean() });

/** One emoji (with skin tones, ZWJ sequences and flags), nothing else. */
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3)(?:\uFE0F|\p{Emoji_Modifier}|\u200D(?:\p{Extended_Pictographic}|\p{Emoji_Component}))*$/u;
export const reactionInput = z.object({
  messageId: id("message"),
  emoji: z.string().max(32, "That is not a single emoji").regex(EMOJI, "That is not a single emoji"),
});
export const isSingleEmoji = (text: string) => text.length <= 32 && EMOJI.test(text);

export const historyInput = z.object({
  channelId: id("channel"),
  /** Older than this seq (scrolling up); omitted for the newest page. */
  beforeSeq: z.number().int().positive().optional(),
  /** Newer than this seq (catching up after a gap or reconnect). */
  afterSeq: z.number().int().nonnegative().optional(),
  /** A window with this message in the middle (opening a permalink). */
  aroundMessageId: id("message").optional(),
  limit: z.number().int().min(1).max(200).default(HISTORY_PAGE_SIZE),
});
export const threadInput = z.object({ rootId: id("thread") });
export const typingInput = z.object({
  channelId: id("channel"),
  threadRootId: id("thread").optional(),
  /** Writing a support conversation's internal note: the visitor is not told. */
  internal: z.boolean().optional(),
});
export { TYPING_REPEAT_MS, TYPING_TIMEOUT_MS } from "./typing";
export const markReadInput = z.object({ channelId: id("channel"), seq: z.number().int().nonnegative() });

export interface ReactionView {
  emoji: string;
  userIds: string[];
}

/** A message as every reader sees it; events carry whole snapshots of this. */
export interface MessageView {
  id: string;
  channelId: string;
  seq: number;
  version: number;
  authorId: string | null;
  kind: "user" | "system";
  body: string;
  clientNonce: string | null;
  threadRootId: string | null;
  alsoInChannel: boolean;
  /** Shown in the channel's main list, and so counted as unread there: decided by the server. */
  inChannelList: boolean;
  /** A support conversation's note between agents, which the visitor never sees. */
  internal: boolean;
  replyCount: number;
  lastReplyAt: Date | null;
  replyUserIds: string[];
  editedAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
  reactions: ReactionView[];
  /** Posted by an app (as its bot), under the name and icon it chose, with Block Kit content in Confab's model. */
  app: { id: string; username: string | null; iconUrl: string | null; iconEmoji: string | null } | null;
  blocks: RichBlock[] | null;
  attachments: LegacyAttachment[] | null;
  pinned: boolean;
  files: FileView[];
  previews: LinkPreviewView[];
}

/**
 * A message only one person sees, for a moment: a command's answer, an app's chat.postEphemeral, Confab's own note
 * on what a command did. Never stored; it lives in the tabs open when it came, marked "Only visible to you".
 */
export interface EphemeralMessage {
  id: string;
  channelId: string;
  threadRootId: string | null;
  /** The app's bot user, or null for Confab's own notes. */
  authorId: string | null;
  app: { id: string; name: string; iconUrl: string | null; iconEmoji: string | null } | null;
  body: string;
  blocks: RichBlock[] | null;
  attachments: LegacyAttachment[] | null;
  createdAt: Date;
}

/** Where a message is seen: its channel scrolled to it, or its thread opened at it. */
export function messagePath(slug: string, message: Pick<MessageView, "id" | "channelId" | "threadRootId">): string {
  const base = `/w/${slug}/c/${message.channelId}`;
  return message.threadRootId ? `${base}?thread=${message.threadRootId}&message=${message.id}` : `${base}?message=${message.id}`;
}


/**
 * Applies a message snapshot to a seq-ordered list: replaces an older snapshot, inserts a new one in seq order.
 * The same function runs in the browser (query cache) and in tests (events applied to state give the new state).
 */
export function upsertMessage(list: MessageView[], message: MessageView): MessageView[] {
  const index = list.findIndex((existing) => existing.id === message.id);
  if (index >= 0) {
    if (list[index]!.version >= message.version) return list;
    const next = list.slice();
    next[index] = message;
    return next;
  }
  const next = [...list, message];
  if (list.length > 0 && list[list.length - 1]!.seq > message.seq) next.sort((a, b) => a.seq - b.seq);
  return next;
}
