import { sql } from "drizzle-orm";
import { bigint, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/shared/ids";
import { apps } from "./apps";
import { users } from "./auth";
import { channels } from "./channels";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const messages = pgTable(
  "messages",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    /**
     * The channel's workspace, set by the database on insert (trigger messages_set_workspace): copied here so that
     * search can walk one workspace's messages by date.
     */
    workspaceId: text("workspace_id"),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    /** Per-channel, gap-free among committed messages: assigned from channels.last_seq in the inserting transaction. */
    seq: bigint("seq", { mode: "number" }).notNull(),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind", { enum: ["user", "system"] }).notNull().default("user"),
    body: text("body").notNull(),
    clientNonce: text("client_nonce"),
    threadRootId: text("thread_root_id"),
    /** A thread reply also shown in the channel ("also send to channel"). */
    alsoInChannel: boolean("also_in_channel").notNull().default(false),
    replyCount: integer("reply_count").notNull().default(0),
    lastReplyAt: timestamp("last_reply_at", { mode: "date", withTimezone: true }),
    /** Distinct repliers, newest first, at most a handful: what the thread summary shows. */
    replyUserIds: text("reply_user_ids").array().notNull().default(sql`'{}'::text[]`),
    mentionsChannel: boolean("mentions_channel").notNull().default(false),
    /** In a support conversation: a note between agents, never shown to the visitor. */
    internal: boolean("internal").notNull().default(false),
    /**
     * Shown in the channel's main list (a top-level message, or a reply also sent to the channel), so counted as
     * unread there: the rule written once, for every query, the send statement and the views the browser gets.
     */
    inChannelList: boolean("in_channel_list").notNull().generatedAlwaysAs(sql`thread_root_id is null or also_in_channel`),
    /**
     * What an app's message carries besides its text, already parsed into Confab's model (never Slack's raw JSON):
     * Block Kit blocks, legacy attachments, and the name and icon it posts under.
     */
    blocks: jsonb("blocks"),
    attachments: jsonb("attachments"),
    appId: text("app_id").references(() => apps.id, { onDelete: "set null" }),
    username: text("username"),
    iconUrl: text("icon_url"),
    iconEmoji: text("icon_emoji"),
    /** Bumped by every change, so a client holding two snapshots of a message keeps the newer one. */
    version: integer("version").notNull().default(1),
    editedAt: timestamp("edited_at", { mode: "date", withTimezone: true }),
    deletedAt: timestamp("deleted_at", { mode: "date", withTimezone: true }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    /** Full-text search: English stemming ("deploying" finds "deploy"); trigram matching on body covers the rest. */
    search: tsvector("search").generatedAlwaysAs(sql`to_tsvector('english', body)`),
  },
  (t) => [
    uniqueIndex("messages_channel_seq_idx").on(t.channelId, t.seq),
    index("messages_search_idx").using("gin", t.search),
    index("messages_body_trgm_idx").using("gin", sql`${t.body} gin_trgm_ops`),
    // A retried send finds the original instead of writing a duplicate.
    uniqueIndex("messages_author_nonce_idx").on(t.authorId, t.clientNonce),
    index("messages_thread_idx").on(t.threadRootId, t.seq),
    // Search's newest matches in a workspace: a common word is found walking this backwards rather than sorting all
    // its matches, whatever other workspaces wrote since.
    index("messages_workspace_created_idx").on(t.workspaceId, t.createdAt),
  ],
);

export const reactions = pgTable(
  "reactions",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    emoji: text("emoji").notNull(),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.emoji] })],
);

export const mentions = pgTable(
  "mentions",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index("mentions_user_channel_idx").on(t.userId, t.channelId, t.seq)],
);

export const pins = pgTable(
  "pins",
  {
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    pinnedBy: text("pinned_by").references(() => users.id, { onDelete: "set null" }),
    pinnedAt: timestamp("pinned_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.messageId] })],
);

export const savedMessages = pgTable(
  "saved_messages",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    savedAt: timestamp("saved_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.messageId] })],
);

export const threadFollowers = pgTable(
  "thread_followers",
  {
    rootId: text("root_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Replies read in this thread, as a count of replies seen. */
    lastReadReplyCount: integer("last_read_reply_count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.rootId, t.userId] }), index("thread_followers_user_idx").on(t.userId)],
);
