import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/shared/ids";
import type { BusinessHours, ConversationStatus, PrechatForm } from "@/shared/support";
import { users } from "./auth";
import { channels } from "./channels";
import { workspaces } from "./workspaces";

/**
 * A live-chat inbox: the widget one website (or several) embeds, and the team that answers it. The key in the
 * snippet is public; the identity secret signs the website's logged-in users, so it is stored encrypted.
 */
export const supportInboxes = pgTable(
  "support_inboxes",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    key: text("key").notNull().unique(),
    name: text("name").notNull(),
    greeting: text("greeting").notNull(),
    color: text("color").notNull(),
    allowedOrigins: text("allowed_origins").array().notNull().default(sql`'{}'::text[]`),
    hours: jsonb("hours").$type<BusinessHours | null>(),
    prechat: jsonb("prechat").$type<PrechatForm>().notNull(),
    /** Identity verification: when set, identities the website passes must carry this secret's HMAC of their id. */
    identitySecretEncrypted: text("identity_secret_encrypted").notNull(),
    verifyIdentity: boolean("verify_identity").notNull().default(false),
    autoAssignLimit: integer("auto_assign_limit").notNull().default(5),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("support_inboxes_workspace_idx").on(t.workspaceId)],
);

/** Who answers an inbox; lastAssignedAt orders automatic assignment (round robin). */
export const supportAgents = pgTable(
  "support_agents",
  {
    inboxId: text("inbox_id")
      .notNull()
      .references(() => supportInboxes.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lastAssignedAt: timestamp("last_assigned_at", { mode: "date", withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.inboxId, t.userId] }), index("support_agents_user_idx").on(t.userId)],
);

/**
 * Someone on a website. Each visitor has a user row of their own (is_visitor, no sign-in) so their messages are
 * messages like any other; that row belongs to no workspace, so nothing of one exists for it. The token the
 * widget keeps is signed, not stored.
 */
export const supportVisitors = pgTable(
  "support_visitors",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    inboxId: text("inbox_id")
      .notNull()
      .references(() => supportInboxes.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Part of every token of this visitor's (support/identity.ts): a new key revokes them. */
    tokenKey: text("token_key").notNull(),
    /** The website's own id for a signed-in visitor, once verified (or as given, while verification is off). */
    externalId: text("external_id"),
    email: text("email"),
    fields: jsonb("fields").$type<Record<string, string>>().notNull().default({}),
    pageUrl: text("page_url").notNull().default(""),
    referrer: text("referrer").notNull().default(""),
    userAgent: text("user_agent").notNull().default(""),
    timeZone: text("time_zone").notNull().default(""),
    lastSeenAt: timestamp("last_seen_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("support_visitors_user_idx").on(t.userId), uniqueIndex("support_visitors_external_idx").on(t.inboxId, t.externalId)],
);

/** One visitor conversation; its messages live in its channel (kind support), whose id it shares. */
export const supportConversations = pgTable(
  "support_conversations",
  {
    id: text("id")
      .primaryKey()
      .references(() => channels.id, { onDelete: "cascade" }),
    inboxId: text("inbox_id")
      .notNull()
      .references(() => supportInboxes.id, { onDelete: "cascade" }),
    visitorId: text("visitor_id")
      .notNull()
      .references(() => supportVisitors.id, { onDelete: "cascade" }),
    status: text("status").$type<ConversationStatus>().notNull().default("open"),
    assigneeId: text("assignee_id").references(() => users.id, { onDelete: "set null" }),
    /** Random, for the Reply-To address of emails to the visitor: a reply to one continues this conversation. */
    replyToken: text("reply_token").notNull().unique(),
    visitorReadSeq: bigint("visitor_read_seq", { mode: "number" }).notNull().default(0),
    /** The last message the visitor was emailed about (an answer while they were away). */
    emailedSeq: bigint("emailed_seq", { mode: "number" }).notNull().default(0),
    firstResponseAt: timestamp("first_response_at", { mode: "date", withTimezone: true }),
    firstResponderId: text("first_responder_id").references(() => users.id, { onDelete: "set null" }),
    closedAt: timestamp("closed_at", { mode: "date", withTimezone: true }),
    closedBy: text("closed_by").references(() => users.id, { onDelete: "set null" }),
    rating: integer("rating"),
    lastActivityAt: timestamp("last_activity_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("support_conversations_inbox_idx").on(t.inboxId, t.status, t.lastActivityAt),
    index("support_conversations_visitor_idx").on(t.visitorId, t.createdAt),
    index("support_conversations_assignee_idx").on(t.assigneeId, t.status),
  ],
);

/** Canned answers an agent inserts with /shortcut. */
export const supportSavedReplies = pgTable(
  "support_saved_replies",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    inboxId: text("inbox_id")
      .notNull()
      .references(() => supportInboxes.id, { onDelete: "cascade" }),
    shortcut: text("shortcut").notNull(),
    body: text("body").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("support_saved_replies_shortcut_idx").on(t.inboxId, t.shortcut)],
);
