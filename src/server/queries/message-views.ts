import { and, asc, eq, getTableColumns, inArray, type SQL } from "drizzle-orm";
import type { MessageView } from "@/shared/messages";
import type { Db, Tx } from "../db/client";
import type { LinkPreviewView } from "@/shared/previews";
import { linkPreviews, messagePreviews, messages, pins, reactions } from "../db/schema";
import { toPreviewView } from "../previews/link-preview";
import { filesOfMessages } from "./files";

// Everything but the search vector, which readers never need and which would double what a history page reads.
const { search: _search, ...messageColumns } = getTableColumns(messages);
export { messageColumns };
type MessageRow = Omit<typeof messages.$inferSelect, "search">;

/** Attaches reactions and pins: the shape every reader and every event carries. */
export async function toMessageViews(db: Db | Tx, rows: MessageRow[]): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [reactionRows, pinRows, attachments, previewRows] = await Promise.all([
    db.select().from(reactions).where(inArray(reactions.messageId, ids)).orderBy(asc(reactions.createdAt)),
    db.select({ messageId: pins.messageId }).from(pins).where(inArray(pins.messageId, ids)),
    filesOfMessages(db, ids),
    db
      .select({ messageId: messagePreviews.messageId, preview: linkPreviews })
      .from(messagePreviews)
      .innerJoin(linkPreviews, eq(linkPreviews.url, messagePreviews.url))
      .where(and(inArray(messagePreviews.messageId, ids), eq(messagePreviews.removed, false), eq(linkPreviews.ok, true)))
      .orderBy(asc(messagePreviews.position)),
  ]);
  const previews = new Map<string, LinkPreviewView[]>();
  for (const row of previewRows) previews.set(row.messageId, [...(previews.get(row.messageId) ?? []), toPreviewView(row.preview)]);
  const pinned = new Set(pinRows.map((row) => row.messageId));
  const byMessage = new Map<string, Map<string, string[]>>();
  for (const reaction of reactionRows) {
    const emojis = byMessage.get(reaction.messageId) ?? new Map<string, string[]>();
    byMessage.set(reaction.messageId, emojis);
    emojis.set(reaction.emoji, [...(emojis.get(reaction.emoji) ?? []), reaction.userId]);
  }
  return rows.map((row) => {
    const deleted = row.deletedAt !== null;
    return {
      id: row.id,
      channelId: row.channelId,
      seq: row.seq,
      version: row.version,
      authorId: row.authorId,
      kind: row.kind,
      // A deleted message keeps its place (and its thread) but nothing of what it said.
      body: deleted ? "" : row.body,
      clientNonce: row.clientNonce,
      threadRootId: row.threadRootId,
      alsoInChannel: row.alsoInChannel,
      replyCount: row.replyCount,
      lastReplyAt: row.lastReplyAt,
      replyUserIds: row.replyUserIds,
      editedAt: row.editedAt,
      deletedAt: row.deletedAt,
      createdAt: row.createdAt,
      reactions: deleted ? [] : [...(byMessage.get(row.id) ?? new Map())].map(([emoji, userIds]) => ({ emoji, userIds })),
      pinned: !deleted && pinned.has(row.id),
      files: deleted ? [] : (attachments.get(row.id) ?? []),
      previews: deleted ? [] : (previews.get(row.id) ?? []),
    };
  });
}

export async function messageView(db: Db | Tx, messageId: string): Promise<MessageView | null> {
  const [row] = await db.select(messageColumns).from(messages).where(eq(messages.id, messageId));
  return row ? ((await toMessageViews(db, [row]))[0] ?? null) : null;
}

export async function messageViewsWhere(db: Db | Tx, where: SQL | undefined, order: SQL, limit: number) {
  const rows = await db.select(messageColumns).from(messages).where(and(where)).orderBy(order).limit(limit);
  return toMessageViews(db, rows);
}
