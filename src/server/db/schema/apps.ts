import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/shared/ids";
import { users } from "./auth";
import { channels } from "./channels";
import { workspaces } from "./workspaces";

/**
 * An integration installed in one workspace, Slack's way: it acts as its bot user, with the scopes it was given.
 * The signing secret signs what Confab sends the app, so it is stored encrypted (AES-256-GCM), never hashed.
 */
export const apps = pgTable(
  "apps",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    iconUrl: text("icon_url"),
    botUserId: text("bot_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    signingSecretEncrypted: text("signing_secret_encrypted").notNull(),
    /** Events API: where subscribed events are POSTed (none: Socket Mode, or no events). */
    eventsUrl: text("events_url"),
    eventTypes: text("event_types").array().notNull().default(sql`'{}'::text[]`),
    /** Where block_actions payloads go when someone clicks a button or picks an option in the app's messages. */
    interactivityUrl: text("interactivity_url"),
    /** Slack's Socket Mode: events, commands and clicks reach the app over its own WebSocket instead of its URLs. */
    socketMode: boolean("socket_mode").notNull().default(false),
    /** Deliveries failed in a row; past a limit the app's event delivery is turned off until an admin turns it back on. */
    failedDeliveries: integer("failed_deliveries").notNull().default(0),
    eventsDisabledAt: timestamp("events_disabled_at", { mode: "date", withTimezone: true }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("apps_workspace_idx").on(t.workspaceId), uniqueIndex("apps_bot_user_idx").on(t.botUserId)],
);

/** Bot tokens (xoxb-, the Web API) and app-level tokens (xapp-, Socket Mode): shown once, stored as a SHA-256 hash. */
export const appTokens = pgTable(
  "app_tokens",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    appId: text("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["bot", "app"] }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The token's first characters, so admins can tell tokens apart without seeing them. */
    hint: text("hint").notNull(),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { mode: "date", withTimezone: true }),
    revokedAt: timestamp("revoked_at", { mode: "date", withTimezone: true }),
  },
  (t) => [index("app_tokens_app_idx").on(t.appId)],
);

/** A URL that posts into one channel as its app, taking Slack's incoming-webhook payloads; the secret is hashed. */
export const incomingWebhooks = pgTable(
  "incoming_webhooks",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    appId: text("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    secretHash: text("secret_hash").notNull().unique(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { mode: "date", withTimezone: true }),
  },
  (t) => [index("incoming_webhooks_app_idx").on(t.appId)],
);

/** A slash command an app registered: typing it POSTs Slack's form body to the URL. One app per command per workspace. */
export const slashCommands = pgTable(
  "slash_commands",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    appId: text("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    command: text("command").notNull(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    usageHint: text("usage_hint").notNull().default(""),
  },
  (t) => [uniqueIndex("slash_commands_workspace_command_idx").on(t.workspaceId, t.command)],
);

/** A response_url handed to an app: follow-ups it may post to the command's or click's channel, a few, for a while. */
export const responseUrls = pgTable("response_urls", {
  id: text("id").primaryKey().$defaultFn(newId),
  appId: text("app_id")
    .notNull()
    .references(() => apps.id, { onDelete: "cascade" }),
  channelId: text("channel_id")
    .notNull()
    .references(() => channels.id, { onDelete: "cascade" }),
  /** Who invoked it: ephemeral answers go to them only. */
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  /** A click's message, which replace_original changes. */
  messageId: text("message_id"),
  uses: integer("uses").notNull().default(0),
  expiresAt: timestamp("expires_at", { mode: "date", withTimezone: true }).notNull(),
  context: jsonb("context"),
});

/**
 * A Socket Mode WebSocket an app holds open, and which server process holds it: whoever delivers an event sends it
 * to that process. A process that dies stops refreshing its rows, and they are ignored once stale.
 */
export const socketConnections = pgTable(
  "socket_connections",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    appId: text("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    connectedAt: timestamp("connected_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    seenAt: timestamp("seen_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("socket_connections_app_idx").on(t.appId)],
);
