import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/shared/ids";
import { CHANNEL_KINDS } from "@/shared/channels";
import type { NotifyLevel } from "@/shared/notifications";
import { users } from "./auth";
import { workspaces } from "./workspaces";

export const channelKind = pgEnum("channel_kind", CHANNEL_KINDS);

export const channels = pgTable(
  "channels",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: channelKind("kind").notNull(),
    name: text("name").notNull(),
    topic: text("topic").notNull().default(""),
    description: text("description").notNull().default(""),
    // The workspace's #general: everyone joins it and nobody can leave or archive it.
    isDefault: boolean("is_default").notNull().default(false),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
    /** DMs only: the sorted member ids, so one set of people has exactly one conversation. */
    dmKey: text("dm_key"),
    archivedAt: timestamp("archived_at", { mode: "date", withTimezone: true }),
    /** This channel's own retention: null follows the workspace's, 0 keeps forever, N deletes after N days. */
    retentionDays: integer("retention_days"),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Names are unique among named channels of a workspace; DMs are keyed by their member set instead.
    uniqueIndex("channels_workspace_name_idx")
      .on(t.workspaceId, t.name)
      .where(sql`${t.kind} in ('public', 'private')`),
    index("channels_workspace_idx").on(t.workspaceId),
    uniqueIndex("channels_dm_key_idx").on(t.workspaceId, t.dmKey),
  ],
);

export const channelMembers = pgTable(
  "channel_members",
  {
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lastReadSeq: bigint("last_read_seq", { mode: "number" }).notNull().default(0),
    /** DMs stay in the sidebar until closed; closing hides one until a new message arrives. */
    hidden: boolean("hidden").notNull().default(false),
    /** This channel's notification level; null follows the person's default. */
    notifyLevel: text("notify_level").$type<NotifyLevel>(),
    /** Muted: no bold, badge or notification, except for a direct mention. */
    muted: boolean("muted").notNull().default(false),
    /** @channel and @here do not count as mentions of this person here. */
    ignoreChannelMentions: boolean("ignore_channel_mentions").notNull().default(false),
    joinedAt: timestamp("joined_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.userId] }),
    index("channel_members_user_idx").on(t.userId),
    // The few members told about every message: what a send checks before it writes a notify job.
    index("channel_members_notify_all_idx").on(t.channelId).where(sql`${t.notifyLevel} = 'all'`),
  ],
);
