import { boolean, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { EmailFrequency, NotifyLevel, WeeklySchedule } from "@/shared/notifications";
import { users } from "./auth";

/** A person's notification defaults; no row means the defaults of DEFAULT_NOTIFICATION_PREFERENCES. */
export const notificationPreferences = pgTable("notification_preferences", {
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
});
