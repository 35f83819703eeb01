import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/shared/ids";
import { users } from "./auth";
import { channels } from "./channels";
import { workspaces } from "./workspaces";

/** `@design-team`: a handle that mentions everyone in the group; new members join its default channels. */
export const userGroups = pgTable(
  "user_groups",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    handle: text("handle").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** The id an identity provider knows the group by, for SCIM. */
    externalId: text("external_id"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("user_groups_handle_idx").on(t.workspaceId, t.handle)],
);

export const userGroupMembers = pgTable(
  "user_group_members",
  {
    groupId: text("group_id")
      .notNull()
      .references(() => userGroups.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("user_group_members_user_idx").on(t.userId)],
);

export const userGroupChannels = pgTable(
  "user_group_channels",
  {
    groupId: text("group_id")
      .notNull()
      .references(() => userGroups.id, { onDelete: "cascade" }),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.channelId] })],
);

/** A workspace's SCIM bearer token (only its SHA-256 kept), made in settings for the identity provider to provision with. */
export const scimTokens = pgTable(
  "scim_tokens",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    name: text("name").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { mode: "date", withTimezone: true }),
    revokedAt: timestamp("revoked_at", { mode: "date", withTimezone: true }),
  },
  (t) => [index("scim_tokens_workspace_idx").on(t.workspaceId)],
);

/** A person as a workspace's identity provider knows them: its externalId, and when SCIM last changed them. */
export const scimUsers = pgTable(
  "scim_users",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    externalId: text("external_id"),
    /** SCIM made this account (it had no Confab account before): the IdP may change its name and address. */
    provisioned: boolean("provisioned").notNull().default(false),
    /** The name's parts as the IdP sent them; Confab's own name is one string. */
    givenName: text("given_name"),
    familyName: text("family_name"),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/** A legal hold: while it lasts, retention deletes nothing of this person's, or nothing in this channel. */
export const legalHolds = pgTable(
  "legal_holds",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"user" | "channel">().notNull(),
    targetId: text("target_id").notNull(),
    reason: text("reason").notNull().default(""),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp("released_at", { mode: "date", withTimezone: true }),
  },
  (t) => [index("legal_holds_workspace_idx").on(t.workspaceId, t.kind, t.targetId)],
);

export interface TransferReport {
  counts: Record<string, number>;
  /** What was not brought over, and why: a file missing from the zip, a message of an unknown kind, … */
  skipped: Array<{ what: string; why: string }>;
}

/**
 * A workspace export (a Slack-format zip in file storage) or a Slack import (the uploaded zip), run by a job with
 * its progress here for the admin's progress bar.
 */
export const dataTransfers = pgTable(
  "data_transfers",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"export" | "import">().notNull(),
    status: text("status").$type<"queued" | "running" | "done" | "failed">().notNull().default("queued"),
    phase: text("phase").notNull().default(""),
    done: integer("done").notNull().default(0),
    total: integer("total").notNull().default(0),
    storageKey: text("storage_key"),
    size: bigint("size", { mode: "number" }),
    report: jsonb("report").$type<TransferReport>(),
    error: text("error"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { mode: "date", withTimezone: true }),
  },
  (t) => [index("data_transfers_workspace_idx").on(t.workspaceId, t.createdAt)],
);

/** What a Slack import made of each Slack id (user, channel, message ts), so importing the same zip again adds nothing. */
export const importedItems = pgTable(
  "imported_items",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"user" | "channel" | "message" | "file">().notNull(),
    slackId: text("slack_id").notNull(),
    confabId: text("confab_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.slackId] })],
);
