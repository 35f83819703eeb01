import type { LegacyAttachment, RichBlock } from "@/shared/slack/blocks";
import { proxiedImageUrl } from "../previews/link-preview";
import { withProxiedImages } from "../slack/proxied-images";
import { type AnyColumn, eq, getTableColumns, sql } from "drizzle-orm";
import type { FileView } from "@/shared/files";
import type { MessageView } from "@/shared/messages";
import type { Db, Tx } from "../db/client";
import { preparedQuery, preparedStatement } from "../db/prepared";
import type { LinkPreviewView } from "@/shared/previews";
import { files, linkPreviews, messagePreviews, messages, pins, reactions } from "../db/schema";
import { toPreviewView } from "../previews/link-preview";

// Everything but the search vector, which readers never need and which would double what a history page reads.
const { search: _search, ...messageColumns } = getTableColumns(messages);
export { messageColumns };
export type MessageRow = Omit<typeof messages.$inferSelect, "search">;

type Extra =
  | { kind: "reaction"; message_id: string; data: { emoji: string; userId: string } }
  | { kind: "pin"; message_id: string; data: null }
  | { kind: "file"; message_id: string; data: Omit<FileView, "createdAt"> & { createdAt: string } }
  | { kind: "preview"; message_id: string; data: { url: string; title: string | null; description: string | null; imageUrl: string | null; siteName: string | null } };

/**
 * Reactions, pins, files and link previews of many messages in one round trip (each round trip costs more than the
 * work: a history page and every send build views), in the order each is shown. Prepared, with the ids as one
 * parameter: built per call, with each id spelled out four times, this query cost more than the page it decorated.
 */
const extrasStatement = preparedStatement<Extra>(() => {
  const inPage = (column: AnyColumn) => sql`${column} in (select id from page)`;
  return sql`
    with page as (select jsonb_array_elements_text(${sql.placeholder("ids")}::jsonb) as id)
    select * from (
      select 'reaction' as kind, ${reactions.messageId} as message_id, json_build_object('emoji', ${reactions.emoji}, 'userId', ${reactions.userId}) as data,
        1 as part, ${reactions.createdAt} as at, 0 as position, '' as tiebreak
        from ${reactions} where ${inPage(reactions.messageId)}
      union all
      select 'pin', ${pins.messageId}, null, 2, null, 0, '' from ${pins} where ${inPage(pins.messageId)}
      union all
      select 'file', ${files.messageId}, json_build_object('id', ${files.id}, 'name', ${files.name}, 'size', ${files.size}, 'mimeType', ${files.mimeType}, 'kind', ${files.kind},
          'width', ${files.width}, 'height', ${files.height}, 'hasThumbnail', ${files.thumbnailKey} is not null, 'channelId', ${files.channelId},
          'messageId', ${files.messageId}, 'uploaderId', ${files.uploaderId}, 'createdAt', ${files.createdAt}),
        3, ${files.createdAt}, 0, ${files.id} from ${files} where ${inPage(files.messageId)}
      union all
      select 'preview', ${messagePreviews.messageId}, json_build_object('url', ${linkPreviews.url}, 'title', ${linkPreviews.title}, 'description', ${linkPreviews.description},
          'imageUrl', ${linkPreviews.imageUrl}, 'siteName', ${linkPreviews.siteName}),
        4, null, ${messagePreviews.position}, '' from ${messagePreviews} join ${linkPreviews} on ${linkPreviews.url} = ${messagePreviews.url}
        where ${inPage(messagePreviews.messageId)} and not ${messagePreviews.removed} and ${linkPreviews.ok}
    ) extras order by part, at, position, tiebreak`;
});

function extrasOf(db: Db | Tx, ids: string[]): Promise<Extra[]> {
  return extrasStatement(db, { ids: JSON.stringify(ids) });
}

/** Attaches reactions, pins, files and previews: the shape every reader and every event carries. */
export async function toMessageViews(db: Db | Tx, rows: MessageRow[]): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const previews = new Map<string, LinkPreviewView[]>();
  const attachments = new Map<string, FileView[]>();
  const pinned = new Set<string>();
  const byMessage = new Map<string, Map<string, string[]>>();
  const add = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  for (const extra of await extrasOf(db, rows.map((row) => row.id))) {
    if (extra.kind === "pin") pinned.add(extra.message_id);
    else if (extra.kind === "file") add(attachments, extra.message_id, { ...extra.data, size: Number(extra.data.size), createdAt: new Date(extra.data.createdAt) });
    else if (extra.kind === "preview") add(previews, extra.message_id, toPreviewView(extra.data));
    else {
      const emojis = byMessage.get(extra.message_id) ?? new Map<string, string[]>();
      byMessage.set(extra.message_id, emojis);
      emojis.set(extra.data.emoji, [...(emojis.get(extra.data.emoji) ?? []), extra.data.userId]);
    }
  }
  return rows.map((row) =>
    viewOf(row, {
      reactions: [...(byMessage.get(row.id) ?? new Map())].map(([emoji, userIds]) => ({ emoji, userIds })),
      pinned: pinned.has(row.id),
      files: attachments.get(row.id) ?? [],
      previews: previews.get(row.id) ?? [],
    }),
  );
}

type Extras = Pick<MessageView, "reactions" | "pinned" | "files" | "previews">;

function viewOf(row: MessageRow, extras: Extras): MessageView {
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
    inChannelList: row.inChannelList,
    internal: row.internal,
    replyCount: row.replyCount,
    lastReplyAt: row.lastReplyAt,
    replyUserIds: row.replyUserIds,
    editedAt: row.editedAt,
    deletedAt: row.deletedAt,
    createdAt: row.createdAt,
    reactions: deleted ? [] : extras.reactions,
    app: row.appId ? { id: row.appId, username: row.username, iconUrl: row.iconUrl && proxiedImageUrl(row.iconUrl), iconEmoji: row.iconEmoji } : null,
    ...(deleted ? { blocks: null, attachments: null } : withProxiedImages(row.blocks as RichBlock[] | null, row.attachments as LegacyAttachment[] | null)),
    pinned: !deleted && extras.pinned,
    files: deleted ? [] : extras.files,
    previews: deleted ? [] : extras.previews,
  };
}

/** A message just written, before anyone could react to, pin or preview it. */
export function newMessageView(row: MessageRow): MessageView {
  return viewOf(row, { reactions: [], pinned: false, files: [], previews: [] });
}

const messageRowQuery = preparedQuery((db) =>
  db.select(messageColumns).from(messages).where(eq(messages.id, sql.placeholder("messageId"))).prepare("message_row"),
);

export async function messageRow(db: Db | Tx, messageId: string): Promise<MessageRow | undefined> {
  const [row] = await messageRowQuery(db).execute({ messageId });
  return row;
}

export async function messageView(db: Db | Tx, messageId: string): Promise<MessageView | null> {
  const row = await messageRow(db, messageId);
  return row ? ((await toMessageViews(db, [row]))[0] ?? null) : null;
}
