import { isConversation, type ChannelKind } from "@/shared/channels";
import { inDoNotDisturbAt, matchesKeyword, type NotificationPreferences, type NotifyLevel } from "@/shared/notifications";

/** Why someone is told about a message, most personal first. */
export type NotifyReason = "mention" | "dm" | "keyword" | "channel_mention" | "thread_reply" | "message";

export interface NotifyMessage {
  authorId: string | null;
  kind: "user" | "system";
  channelKind: ChannelKind;
  threadRootId: string | null;
  /** Shown in the channel's main list (messages.in_channel_list). */
  inChannelList: boolean;
  body: string;
  /** People named in the message; @channel; @here. */
  mentions: { userIds: readonly string[]; everyone: boolean; here: boolean };
}

export interface NotifyRecipient {
  userId: string;
  /** Null when the person does not belong to the channel (or it is private and they were never in it). */
  membership: { level: NotifyLevel | null; muted: boolean; ignoreChannelMentions: boolean } | null;
  preferences: NotificationPreferences;
  dndUntil: Date | null;
  followsThread: boolean;
  /** Has a tab in use right now: who @here reaches. */
  activeNow: boolean;
  /** Has read the message (its read position is at or past it), checked again when a delayed push or email is due. */
  hasRead: boolean;
}

export interface NotifyDecision {
  reason: NotifyReason | null;
  desktop: boolean;
  push: boolean;
  email: boolean;
}

const NOTHING: NotifyDecision = { reason: null, desktop: false, push: false, email: false };
/** Missed-activity email is for what was addressed to the person, not for every message of a busy channel. */
const EMAILED: ReadonlySet<NotifyReason> = new Set(["mention", "dm", "keyword"]);

function reasonFor(message: NotifyMessage, recipient: NotifyRecipient): NotifyReason {
  const membership = recipient.membership!;
  if (message.mentions.userIds.includes(recipient.userId)) return "mention";
  if (isConversation(message.channelKind)) return "dm";
  if (matchesKeyword(message.body, recipient.preferences.keywords)) return "keyword";
  const channelWide = message.mentions.everyone || (message.mentions.here && recipient.activeNow);
  if (channelWide && !membership.ignoreChannelMentions) return "channel_mention";
  if (message.threadRootId && recipient.followsThread && recipient.preferences.threadReplies) return "thread_reply";
  return "message";
}

function levelAllows(level: NotifyLevel, reason: NotifyReason, message: NotifyMessage): boolean {
  if (level === "nothing") return false;
  // A thread reply reaches the channel's readers only when it was also sent to the channel.
  if (reason === "message") return level === "all" && message.inChannelList;
  return true;
}

/**
 * The one rule for who is told about a message and how: desktop while a tab is open, Web Push when none is in use,
 * email for what is still unread later. Membership, the author, the person's and the channel's levels, mute, the kind
 * of mention, keywords, followed threads, Do Not Disturb (paused or outside their working hours) and whether they read
 * it already all decide here; callers only gather the facts.
 */
export function decideNotification(message: NotifyMessage, recipient: NotifyRecipient, now: Date): NotifyDecision {
  if (!recipient.membership || message.kind !== "user" || message.authorId === recipient.userId || recipient.hasRead) return NOTHING;
  const { preferences, membership } = recipient;
  if (inDoNotDisturbAt({ dndUntil: recipient.dndUntil, schedule: preferences.schedule, timeZone: preferences.timeZone }, now)) return NOTHING;
  const reason = reasonFor(message, recipient);
  if (membership.muted && reason !== "mention") return NOTHING;
  if (!levelAllows(membership.level ?? preferences.level, reason, message)) return NOTHING;
  return {
    reason,
    desktop: preferences.desktop,
    push: true,
    email: preferences.email !== "never" && EMAILED.has(reason),
  };
}
