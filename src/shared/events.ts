import type { UserGroupView } from "./user-groups";
import superjson, { type SuperJSONResult } from "superjson";
import type { CallView } from "./calls";
import type { ChannelKind } from "./channels";
import type { EphemeralMessage, MessageView } from "./messages";
import type { DesktopNotification, NotificationPreferences, NotifyLevel } from "./notifications";
import type { ConversationSummary, VisitorConversation } from "./support";
import type { PersonStatus, PublicPerson } from "./users";
import type { WorkspaceRole } from "./workspaces";

export interface MemberSummary extends PersonStatus {
  userId: string;
  name: string;
  email: string;
  image: string | null;
  role: WorkspaceRole;
  joinedAt: Date;
  /** An app's bot user, a member like anyone but never a person who could answer or be picked for a team. */
  isBot: boolean;
  /** A guest who may be in one channel only. */
  singleChannel: boolean;
  /** Deactivated (or their account deleted): no longer a member, listed so their messages still name them. */
  deactivated: boolean;
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
  readReceipts: boolean;
  membersCanCreateApps: boolean;
  requireTwoFactor: boolean;
  /** What happens to the messages of someone who deletes their account. */
  deletedAccountMessages: "keep" | "remove";
  membersCanManageGroups: boolean;
}

/** A channel as its sidebar entry and header need it. */
export interface ChannelSummary {
  id: string;
  workspaceId: string;
  kind: ChannelKind;
  name: string;
  topic: string;
  description: string;
  isDefault: boolean;
  createdBy: string | null;
  archivedAt: Date | null;
  lastSeq: number;
  memberCount: number;
}

/**
 * Everything the server pushes to browsers. The client's dispatcher switches over `type` exhaustively, so adding a
 * member here makes the compiler point at every place that must handle it.
 */
export type ServerEvent =
  /**
   * First on every (re)connected stream, once its topics are subscribed: from here on nothing is missed, so this is
   * when the client refreshes what it holds to cover the time it was away.
   */
  | { type: "stream.ready" }
  | { type: "workspace.updated"; workspace: WorkspaceSummary }
  | { type: "workspace.member_joined"; workspaceId: string; member: MemberSummary }
  /** A member's role changed, or they were deactivated (still listed, marked, so their messages name them) or reactivated. */
  | { type: "workspace.member_updated"; workspaceId: string; userId: string; role: WorkspaceRole; deactivated: boolean }
  | { type: "workspace.member_left"; workspaceId: string; userId: string }
  | { type: "user.updated"; user: PublicPerson }
  /** A user group was created or changed (its members, handle, default channels), or deleted (null): to the workspace. */
  | { type: "user_group.changed"; workspaceId: string; groupId: string; group: UserGroupView | null }
  /**
   * To the user's own topic: these sessions ended (signed out elsewhere, a password change, deactivation); `all` also
   * ends sessions from before session ids. A tab of an ended session goes to the sign-in page.
   */
  | { type: "session.ended"; sessionIds: string[]; all: boolean }
  /** To the user's own topic: their workspaces or channels changed, so their stream must follow new topics. */
  | { type: "membership.changed" }
  | { type: "channel.updated"; channel: ChannelSummary }
  | { type: "channel.member_joined"; channelId: string; userId: string }
  | { type: "channel.member_left"; channelId: string; userId: string }
  /** To the reader's own topic, so every tab of theirs shows the same read position. */
  | { type: "channel.read"; channelId: string; lastReadSeq: number }
  /** In DMs and group DMs, to everyone in them: how far a person has read (null: they no longer share it). */
  | { type: "channel.receipt"; channelId: string; userId: string; lastReadSeq: number | null }
  /**
   * With whom the server found it mentions (the members named, and those @here reached when it was sent) and whether
   * it mentions the whole channel: what each recipient's mention count applies, rather than parsing the body again.
   */
  | { type: "message.created"; message: MessageView; mentions: MessageMentions }
  | { type: "message.updated"; message: MessageView }
  /** To one person's own topic: a message only they see (a command's answer), in the tabs they have open. */
  | { type: "message.ephemeral"; message: EphemeralMessage }
  /** A call started, was answered, or someone joined or left it: to the channel. */
  | { type: "call.updated"; workspaceId: string; call: CallView }
  | { type: "call.ended"; workspaceId: string; callId: string; channelId: string }
  /** A DM call ringing: to each person it rings. */
  | { type: "call.ringing"; workspaceId: string; call: CallView; callerId: string }
  /**
   * Coalesced and batched: people who became active, away (idle or every tab hidden) or offline, gathered for a moment
   * per workspace, so a thousand people arriving at once are a handful of events rather than a million deliveries.
   */
  | { type: "presence.changed"; workspaceId: string; changes: Array<{ userId: string; presence: "active" | "away" | "offline" }> }
  /** To the person's own topic: their notification defaults changed (in another tab). */
  | { type: "notifications.preferences"; preferences: NotificationPreferences }
  /** To the person's own topic: one channel's notification settings changed. */
  | { type: "channel.notifications"; channelId: string; notifyLevel: NotifyLevel | null; muted: boolean; ignoreChannelMentions: boolean }
  /** To the person's own topic: a message saved for later or taken off their saved list (in another tab). */
  | { type: "message.saved"; workspaceId: string; messageId: string; saved: boolean }
  /** To the person's own topic: they read a thread they follow up to this many replies (in another tab). */
  | { type: "thread.read"; workspaceId: string; rootId: string; lastReadReplyCount: number }
  /** To the person's own topic: a message they should be told about while a tab is open. */
  | { type: "notification"; notification: DesktopNotification }
  /** To a support inbox's team: a conversation arrived, was assigned, closed or reopened, or has news. */
  | { type: "support.conversation"; conversation: ConversationSummary }
  /** To a visitor's own topic (only their widget's stream hears it): one of their conversations changed. */
  | { type: "support.visitor_conversation"; conversation: VisitorConversation }
  /** Ephemeral: someone is writing in a channel (or one of its threads). Receivers forget it after a few seconds. */
  | { type: "typing"; channelId: string; threadRootId: string | null; userId: string; internal?: true };

export interface MessageMentions {
  userIds: string[];
  channel: boolean;
}

export const NO_MENTIONS: MessageMentions = { userIds: [], channel: false };

export type Topic = `user:${string}` | `workspace:${string}` | `channel:${string}` | `inbox:${string}` | `visitor:${string}`;

export const topics = {
  user: (id: string): Topic => `user:${id}`,
  workspace: (id: string): Topic => `workspace:${id}`,
  channel: (id: string): Topic => `channel:${id}`,
  /** A support inbox's team: its conversations' arrivals, assignments and closings. */
  inbox: (id: string): Topic => `inbox:${id}`,
  /** A website visitor's own widget stream (their conversations' status and read marks). */
  visitor: (id: string): Topic => `visitor:${id}`,
};

/**
 * An event as it travels down the stream: serialized (superjson, so dates stay dates) once per event and process,
 * then written to every socket that hears it, instead of serialized again for each of them.
 */
export type SerializedEvent = string & { readonly __serializedEvent: unique symbol };

/**
 * What one stream frame carries: a JSON array of serialized events, in order. A socket that is keeping up gets one
 * event per frame; one that fell behind gets what queued up meanwhile in one frame instead of many.
 */
export type SerializedEvents = string & { readonly __serializedEvents: unique symbol };

export function serializedEvents(events: SerializedEvent[]): SerializedEvents {
  return `[${events.join(",")}]` as SerializedEvents;
}

export function parseStreamEvents(frame: SerializedEvents): ServerEvent[] {
  return (JSON.parse(frame) as SuperJSONResult[]).map((event) => superjson.deserialize<ServerEvent>(event));
}
