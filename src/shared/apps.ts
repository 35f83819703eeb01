import { z } from "zod";
import type { LegacyAttachment, RichBlock } from "./slack/blocks";

/** The Slack scopes Confab enforces, by Slack's names, with what each lets an app do. */
export const APP_SCOPES = {
  "chat:write": "Post, update and delete its own messages in conversations it is in",
  "chat:write.public": "Post in public channels it has not joined",
  "channels:read": "See public channels and who is in them",
  "channels:history": "Read messages in public channels it is in",
  "channels:join": "Join public channels",
  "channels:manage": "Create public channels",
  "groups:read": "See private channels it was added to",
  "groups:history": "Read messages in private channels it was added to",
  "im:read": "See its direct messages",
  "im:history": "Read its direct messages",
  "im:write": "Start direct messages",
  "mpim:read": "See group direct messages it is in",
  "mpim:history": "Read group direct messages it is in",
  "users:read": "See the workspace's people",
  "users:read.email": "See people's email addresses",
  "reactions:read": "See reactions",
  "reactions:write": "Add and remove its reactions",
  "pins:read": "See pinned messages",
  "pins:write": "Pin and unpin messages",
  "files:write": "Upload files",
  "files:read": "See files",
  commands: "Add slash commands",
  "app_mentions:read": "Receive messages that mention it",
  "team:read": "See the workspace's name",
  "groups:write": "Create private channels",
} as const;

export type AppScope = keyof typeof APP_SCOPES;
export const APP_SCOPE_NAMES = Object.keys(APP_SCOPES) as AppScope[];

/** A URL Confab calls the app at, with an example of what is meant in the message when it is not one. */
export const appUrl = (example: string) =>
  z
    .string()
    .trim()
    .url(`Give a full URL, like ${example}`)
    .refine((url) => /^https?:\/\//.test(url), "The URL must start with https:// (or http://)")
    .max(2000, "That URL is too long");
const httpsUrl = appUrl("https://example.com/slack/events");

export const createAppInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  name: z.string().trim().min(1, "Give the app a name").max(80, "An app's name is at most 80 characters"),
  description: z.string().trim().max(500, "A description is at most 500 characters").default(""),
  scopes: z.array(z.enum(APP_SCOPE_NAMES as [AppScope, ...AppScope[]], { message: "Unknown scope" })).max(APP_SCOPE_NAMES.length),
});

/** Slack's Events API subscriptions Confab sends. */
export const APP_EVENT_TYPES = ["message.channels", "message.groups", "message.im", "message.mpim", "app_mention", "reaction_added", "reaction_removed", "member_joined_channel", "channel_created"] as const;
export type AppEventType = (typeof APP_EVENT_TYPES)[number];

/** The scope each event needs, as Slack's: what an app is told is never more than what it may read. */
export const EVENT_SCOPES: Record<AppEventType, AppScope> = {
  "message.channels": "channels:history",
  "message.groups": "groups:history",
  "message.im": "im:history",
  "message.mpim": "mpim:history",
  app_mention: "app_mentions:read",
  reaction_added: "reactions:read",
  reaction_removed: "reactions:read",
  member_joined_channel: "channels:read",
  channel_created: "channels:read",
};

export const updateAppInput = z.object({
  appId: z.string().uuid("Unknown app"),
  scopes: z.array(z.enum(APP_SCOPE_NAMES as [AppScope, ...AppScope[]], { message: "Unknown scope" })).optional(),
  eventTypes: z.array(z.enum(APP_EVENT_TYPES, { message: "Unknown event" })).optional(),
  eventsUrl: httpsUrl.nullable().optional(),
  interactivityUrl: httpsUrl.nullable().optional(),
  /** Events, commands and clicks over the app's own WebSocket (apps.connections.open) instead of its URLs. */
  socketMode: z.boolean().optional(),
});

/** What an app's message carries besides its text (Block Kit parsed into Confab's model), and the name and icon it shows. */
export interface AppMessageContent {
  blocks: RichBlock[];
  attachments: LegacyAttachment[];
  username: string | null;
  iconUrl: string | null;
  iconEmoji: string | null;
}

export const appIdInput = z.object({ appId: z.string().uuid("Unknown app") });
export const rotateAppTokenInput = appIdInput.extend({ kind: z.enum(["bot", "app"], { message: "A bot token or an app-level token" }) });
export const createIncomingWebhookInput = appIdInput.extend({ channelId: z.string().uuid("Unknown channel") });
export const webhookIdInput = z.object({ webhookId: z.string().uuid("Unknown webhook") });

/** Where an incoming webhook posts: the secret is the whole of its authority, so it lives in the path like Slack's. */
export const INCOMING_WEBHOOK_PATH = "/api/hooks/";

export const blockActionInput = z.object({
  messageId: z.string().uuid("Unknown message"),
  action: z.object({
    type: z.enum(["button", "static_select", "overflow"]),
    blockId: z.string().max(255).optional(),
    actionId: z.string().max(255).optional(),
    value: z.string().max(2000).optional(),
  }),
});
