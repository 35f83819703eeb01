import { boolean, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { messages } from "./messages";

/** What a URL's page says about itself, fetched once and shared by every message that links to it. */
export const linkPreviews = pgTable("link_previews", {
  url: text("url").primaryKey(),
  /** False when the page could not be fetched or said nothing worth showing: not retried until the entry is stale. */
  ok: boolean("ok").notNull(),
  title: text("title"),
  description: text("description"),
  imageUrl: text("image_url"),
  siteName: text("site_name"),
  fetchedAt: timestamp("fetched_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
});

/** The previews a message shows, in the order its links appear; the author may remove one. */
export const messagePreviews = pgTable(
  "message_previews",
  {
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    position: integer("position").notNull(),
    removed: boolean("removed").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.url] })],
);
