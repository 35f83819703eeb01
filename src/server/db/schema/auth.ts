import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { newId } from "@/shared/ids";

// Table shapes follow @auth/drizzle-adapter's defaults so the adapter can be handed these tables as they are.
export const users = pgTable("users", {
  id: text("id").primaryKey().$defaultFn(newId),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: timestamp("email_verified", { mode: "date", withTimezone: true }),
  image: text("image"),
  passwordHash: text("password_hash"),
  /** Custom status ("🌴 On holiday"), cleared when it expires. */
  statusEmoji: text("status_emoji"),
  statusText: text("status_text"),
  statusExpiresAt: timestamp("status_expires_at", { mode: "date", withTimezone: true }),
  /** Do Not Disturb, set by hand, until this time. */
  dndUntil: timestamp("dnd_until", { mode: "date", withTimezone: true }),
  /** Opting out of read receipts: this person neither sends nor sees them. */
  readReceipts: boolean("read_receipts").notNull().default(true),
  /** Sessions signed in before this moment are over (a password reset or change signs every other session out). */
  sessionsValidFrom: timestamp("sessions_valid_from", { mode: "date", withTimezone: true }),
  /** An app's bot user: no password, no sign-in; it acts through the app's tokens. */
  isBot: boolean("is_bot").notNull().default(false),
  /** A live-chat visitor (support_visitors): no sign-in, no workspace; it acts through its widget token. */
  isVisitor: boolean("is_visitor").notNull().default(false),
  /** Two-factor authentication: the TOTP secret (encrypted, see auth/secrets.ts), set once the person confirmed a code. */
  totpSecret: text("totp_secret"),
  totpEnabledAt: timestamp("totp_enabled_at", { mode: "date", withTimezone: true }),
  /** The last TOTP time step accepted: a code seen once is never accepted again. */
  totpLastStep: bigint("totp_last_step", { mode: "number" }),
  /** The person deleted their account: the row stays (as "Deleted user") for the messages a workspace keeps. */
  deletedAt: timestamp("deleted_at", { mode: "date", withTimezone: true }),
  createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable("sessions", {
  sessionToken: text("session_token").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp("expires", { mode: "date", withTimezone: true }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { mode: "date", withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/**
 * Single-use links sent by email (password reset, confirming a new address): only the SHA-256 of the token is kept,
 * so a copy of the database opens no account.
 */
export const accountTokens = pgTable(
  "account_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose").$type<"password_reset" | "email_change">().notNull(),
    /** The address being confirmed, for email_change. */
    newEmail: text("new_email"),
    expiresAt: timestamp("expires_at", { mode: "date", withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { mode: "date", withTimezone: true }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("account_tokens_user_idx").on(t.userId, t.purpose)],
);

export type SignInMethod = "password" | "sso";

/**
 * Every signed-in browser or device: the session cookie names its row (the JWT's `sid`), so a person sees where they
 * are signed in and can end any of them, and an admin's deactivation ends them all at once.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    method: text("method").$type<SignInMethod>().notNull(),
    /** Whether the sign-in was confirmed with a second factor (a TOTP or recovery code). */
    twoFactor: boolean("two_factor").notNull().default(false),
    userAgent: text("user_agent").notNull().default(""),
    ip: text("ip").notNull().default(""),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { mode: "date", withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { mode: "date", withTimezone: true }),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId, t.lastSeenAt)],
);

/** Single-use codes for when the authenticator is lost; only their SHA-256 is kept. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { mode: "date", withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);
