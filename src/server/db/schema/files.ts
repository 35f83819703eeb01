import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { newId } from "@/shared/ids";
import { FILE_KINDS } from "@/shared/files";
import { users } from "./auth";
import { channels } from "./channels";
import { messages } from "./messages";
import { workspaces } from "./workspaces";

/**
 * An uploaded file: an attachment uploaded into a channel (readable by whoever can read the channel once attached to
 * a message, only by its uploader before), or an avatar (workspace and channel null). Bytes live in file storage under
 * storage_key; the type is the one sniffed from the bytes.
 */
export const files = pgTable(
  "files",
  {
    id: text("id").primaryKey().$defaultFn(newId),
    workspaceId: text("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    channelId: text("channel_id").references(() => channels.id, { onDelete: "cascade" }),
    messageId: text("message_id").references(() => messages.id, { onDelete: "cascade" }),
    uploaderId: text("uploader_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    mimeType: text("mime_type").notNull(),
    kind: text("kind", { enum: FILE_KINDS }).notNull(),
    width: integer("width"),
    height: integer("height"),
    storageKey: text("storage_key").notNull(),
    thumbnailKey: text("thumbnail_key"),
    createdAt: timestamp("created_at", { mode: "date", withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("files_message_idx").on(t.messageId),
    index("files_channel_idx").on(t.channelId, t.createdAt),
    index("files_workspace_idx").on(t.workspaceId, t.createdAt),
    // Search finds files by any part of their name.
    index("files_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
  ],
);
