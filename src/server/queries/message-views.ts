import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { MessageView } from "@/shared/messages";
import type { Db, Tx } from "../db/client";
import { messages, pins, reactions } from "../db/schema";

type MessageRow = typeof messages.$inferSelect;

/** Attaches reactions and pins: the shape every reader and every event carries. */
export async function toMessageViews(db: Db | Tx, rows: MessageRow[]): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [reactionRows, pinRows] = await Promise.all([
    db.select().from(reactions).where(inArray(reactions.messageId, ids)).orderBy(asc(reactions.createdAt)),
    db.select({ messageId: pins.messageId }).from(pins).where(inArray(pins.messageId, ids)),
  ]);
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
    };
  });
}

export async function messageView(db: Db | Tx, messageId: string): Promise<MessageView | null> {
  const [row] = await db.select().from(messages).where(eq(messages.id, messageId));
  return row ? ((await toMessageViews(db, [row]))[0] ?? null) : null;
}

export async function messageViewsWhere(db: Db | Tx, where: SQL | undefined, order: SQL, limit: number) {
  const rows = await db.select().from(messages).where(and(where)).orderBy(order).limit(limit);
  return toMessageViews(db, rows);
}
