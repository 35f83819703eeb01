import type { PushContent } from "@/shared/notifications";
import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { newId } from "@/shared/ids";
import { WORKSPACE_ROLES } from "@/shared/workspaces";
import { users } from "./auth";

export const workspaceRole = pgEnum("workspace_role", WORKSPACE_ROLES);

export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey().$defaultFn(newId),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  /** Read receipts in DMs and group DMs, which admins may turn off for the whole workspace. */
  readReceipts: boolean("read_receipts").notNull().default(true),
  /** Members whose email is in one of the workspace's verified domains must sign in through its SSO. */
  requireSso: boolean("require_sso").notNull().default(false),
  /** File storage this workspace may use; the server's default (FILES_WORKSPACE_QUOTA_MB) when null. */
  fileQuotaBytes: bigint("file_quota_bytes", { mode: "number" }),
  /** What a Web Push shows on the lock screen: the text, only who and where, or nothing of the message. */
  pushContent: text("push_content").$type<PushContent>().notNull().default("full"),
  /** Whether members (not only admins) may create apps; each manages the apps they created. */
  membersCanCreateApps: boolean("members_can_create_apps").notNull().default(false),
  /** Members signing in with a password must confirm a second factor (TOTP); SSO sign-ins leave that to the IdP. */
  requireTwoFactor: boolean("require_two_factor").notNull().default(false),
  /** Members (not only admins) may create user groups and change their members. */
  membersCanManageGroups: boolean("members_can_manage_groups").notNull().default(false),
  /** Messages and their files are deleted this many days after they were sent; null keeps them forever. */
  retentionDays: integer("retention_days"),
  /** When the retention job last went through this workspace (it runs daily). */
  retentionRunAt: timestamp("retention_run_at", { mode: "date", withTimezone: true }),
  /** When someone deletes their account: their messages stay, signed "Deleted user", or are removed. */
  deletedAccountMessages: text("deleted_account_messages").$type<"keep" | "remove">().notNull().default("keep"),
  createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
});

export const workspaceMembers = pgTable(
  "workspace_members",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: workspaceRole("role").notNull(),
    /** A single-channel guest (Slack's): a guest who may be in one channel only. */
    singleChannel: boolean("single_channel").notNull().default(false),
    joinedAt: timestamp("joined_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("workspace_members_user_idx").on(t.userId)],
);

/** A channel membership as it was when its person was deactivated, to give back on reactivation. */
export interface KeptChannelMembership {
  channelId: string;
  lastReadSeq: number;
  hidden: boolean;
  notifyLevel: string | null;
  muted: boolean;
  ignoreChannelMentions: boolean;
  joinedAt: string;
}

/**
 * People a workspace deactivated (or whose account was deleted): no longer members, so every access rule that asks
 * for a membership leaves them out, while their messages stay and show them marked. What they had (role, channels)
 * waits here for a reactivation.
 */
export const deactivatedMembers = pgTable(
  "deactivated_members",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: workspaceRole("role").notNull(),
    singleChannel: boolean("single_channel").notNull().default(false),
    channels: jsonb("channels").$type<KeptChannelMembership[]>().notNull().default([]),
    joinedAt: timestamp("joined_at", { mode: "date", withTimezone: true }).notNull(),
    reason: text("reason").$type<"deactivated" | "deleted">().notNull().default("deactivated"),
    deactivatedBy: text("deactivated_by").references(() => users.id, { onDelete: "set null" }),
    deactivatedAt: timestamp("deactivated_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("deactivated_members_user_idx").on(t.userId)],
);

export const invites = pgTable(
  "invites",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    token: text("token").notNull().unique(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    role: workspaceRole("role").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { mode: "date", withTimezone: true }),
    maxUses: integer("max_uses"),
    /** A guest invite names the channels the guest joins (instead of the default channels); one for a single-channel guest. */
    channelIds: jsonb("channel_ids").$type<string[]>().notNull().default([]),
    singleChannel: boolean("single_channel").notNull().default(false),
    uses: integer("uses").notNull().default(0),
    revokedAt: timestamp("revoked_at", { mode: "date", withTimezone: true }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("invites_workspace_idx").on(t.workspaceId)],
);
