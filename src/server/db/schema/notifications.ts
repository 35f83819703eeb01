import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { newId } from "@/shared/ids";
import type { EmailFrequency, NotifyLevel, WeeklySchedule } from "@/shared/notifications";
import { users } from "./auth";
import { channels } from "./channels";
import { messages } from "./messages";

/** A person's notification defaults; no row means the defaults of DEFAULT_NOTIFICATION_PREFERENCES. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    level: text("level").$type<NotifyLevel>().notNull().default("mentions"),
    keywords: text("keywords").array().notNull().default([]),
    threadReplies: boolean("thread_replies").notNull().default(true),
    desktop: boolean("desktop").notNull().default(true),
    sound: boolean("sound").notNull().default(true),
    email: text("email").$type<EmailFrequency>().notNull().default("after_15_minutes"),
    /** IANA zone the schedule is read in; null: the browser's, once it has told us. */
    timeZone: text("time_zone"),
    schedule: jsonb("schedule").$type<WeeklySchedule>(),
    updatedAt: timestamp("updated_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  // The people who may want a message that does not name them (every message, or keywords): few in a big workspace.
  (t) => [index("notification_preferences_wide_idx").on(t.userId).where(sql`${t.level} = 'all' or cardinality(${t.keywords}) > 0`)],
);

/** A browser that accepted Web Push for this person: where its push service takes messages, and the keys to encrypt them. */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull().unique(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    /** The browser's own description, so the person can tell their devices apart in settings. */
    userAgent: text("user_agent").notNull().default(""),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    lastPushAt: timestamp("last_push_at", { mode: "date", withTimezone: true }),
  },
  (t) => [index("push_subscriptions_user_idx").on(t.userId)],
);

/** Messages waiting for the person's next missed-activity email; dropped when read before it goes out. */
export const emailQueue = pgTable(
  "email_queue",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.messageId] })],
);

/**
 * Durable work (the outbox): written in the transaction that causes it, run by any server process's worker, which
 * claims due rows with FOR UPDATE SKIP LOCKED so each runs once; retried with backoff; `key` makes enqueueing the
 * same work twice a no-op.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    key: text("key").unique(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    runAt: timestamp("run_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    lockedUntil: timestamp("locked_until", { mode: "date", withTimezone: true }),
    lastError: text("last_error"),
    /** Set when retries ran out; kept for the admin to see, never claimed again. */
    failedAt: timestamp("failed_at", { mode: "date", withTimezone: true }),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("jobs_due_idx").on(t.runAt)],
);
