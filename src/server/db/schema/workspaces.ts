import type { PushContent } from "@/shared/notifications";
import { bigint, boolean, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
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
    joinedAt: timestamp("joined_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("workspace_members_user_idx").on(t.userId)],
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
    uses: integer("uses").notNull().default(0),
    revokedAt: timestamp("revoked_at", { mode: "date", withTimezone: true }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("invites_workspace_idx").on(t.workspaceId)],
);
