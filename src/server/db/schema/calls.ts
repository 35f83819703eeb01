import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/shared/ids";
import { users } from "./auth";
import { channels } from "./channels";

/** A call (huddle) in a channel or DM; its LiveKit room is `call-<id>`. At most one is live per channel. */
export const calls = pgTable(
  "calls",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    startedBy: text("started_by").references(() => users.id, { onDelete: "set null" }),
    startedAt: timestamp("started_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
    /** A DM call rings the others until someone answers or this passes; then it is missed. */
    ringUntil: timestamp("ring_until", { mode: "date", withTimezone: true }),
    answeredAt: timestamp("answered_at", { mode: "date", withTimezone: true }),
    endedAt: timestamp("ended_at", { mode: "date", withTimezone: true }),
    endReason: text("end_reason", { enum: ["finished", "missed", "declined", "ended_by_host"] }),
  },
  (t) => [uniqueIndex("calls_one_live_per_channel_idx").on(t.channelId).where(sql`${t.endedAt} is null`), index("calls_ringing_idx").on(t.ringUntil)],
);

/** Who is (or was) in a call, as LiveKit's webhooks report it. */
export const callParticipants = pgTable(
  "call_participants",
  {
    callId: text("call_id")
      .notNull()
      .references(() => calls.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: timestamp("joined_at", { mode: "date", withTimezone: true }).notNull(),
    leftAt: timestamp("left_at", { mode: "date", withTimezone: true }),
    /** The newest webhook applied to this row: an older one arriving late changes nothing. */
    lastEventAt: timestamp("last_event_at", { mode: "date", withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.userId] })],
);

/** LiveKit webhook ids already handled, so a redelivered event is not applied twice. */
export const livekitWebhookEvents = pgTable("livekit_webhook_events", {
  id: text("id").primaryKey(),
  receivedAt: timestamp("received_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
});
