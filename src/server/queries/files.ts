import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { env } from "@/env";
import type { z } from "zod";
import type { FileView } from "@/shared/files";
import type { fileListInput } from "@/shared/file-inputs";
import { channelReadableBy, requireReadableChannel } from "../access/channels";
import { notFound } from "../access/errors";
import { requireWorkspaceRole } from "../access/workspaces";
import { db, type Db, type Tx } from "../db/client";
import { channels, files, messages, supportConversations, users, workspaces } from "../db/schema";
import { visibleToVisitor } from "./support";

type FileRow = typeof files.$inferSelect;

export const FILE_NOT_FOUND = "That file does not exist or you cannot see it";

export function toFileView(row: FileRow): FileView {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    mimeType: row.mimeType,
    kind: row.kind,
    width: row.width,
    height: row.height,
    hasThumbnail: row.thumbnailKey !== null,
    channelId: row.channelId,
    messageId: row.messageId,
    uploaderId: row.uploaderId,
    createdAt: row.createdAt,
  };
}

/**
 * A file someone asks for: avatars for anyone signed in; an attachment not yet sent for its uploader only; a sent one
 * for whoever can read its channel. Anything else is NOT_FOUND.
 */
export async function fileForReader(userId: string, fileId: string): Promise<FileRow> {
  const [file] = await db().select().from(files).where(eq(files.id, fileId));
  if (!file) throw notFound(FILE_NOT_FOUND);
  // An avatar is anyone's to see; a file an app staged (in a workspace, not yet shared) is its uploader's alone.
  if (!file.channelId && !file.workspaceId) return file;
  if (!file.channelId || !file.messageId) {
    if (file.uploaderId !== userId) throw notFound(FILE_NOT_FOUND);
    return file;
  }
  try {
    await requireReadableChannel(db(), file.channelId, userId);
  } catch {
    throw notFound(FILE_NOT_FOUND);
  }
  return file;
}

/**
 * A file a live-chat visitor asks for: only in their own conversations, and there only their upload not yet sent or
 * one on a message they can see (never an internal note's). Anything else, avatars included, is NOT_FOUND.
 */
export async function fileForVisitor(visitor: { visitorId: string; userId: string }, fileId: string): Promise<FileRow> {
  const [row] = await db()
    .select({ file: files, visible: sql<boolean>`coalesce(${messages.deletedAt} is null and ${visibleToVisitor}, false)` })
    .from(files)
    .innerJoin(supportConversations, and(eq(supportConversations.id, files.channelId), eq(supportConversations.visitorId, visitor.visitorId)))
    .leftJoin(messages, eq(messages.id, files.messageId))
    .where(eq(files.id, fileId));
  if (!row || (row.file.messageId ? !row.visible : row.file.uploaderId !== visitor.userId)) throw notFound(FILE_NOT_FOUND);
  return row.file;
}

/** A channel's files, or those of every channel of the workspace the actor can read, newest first. */
export async function listFiles(actorId: string, input: z.output<typeof fileListInput>) {
  await requireWorkspaceRole(db(), input.workspaceId, actorId);
  if (input.channelId) await requireReadableChannel(db(), input.channelId, actorId);
  const cursor = input.cursor ? (await db().select({ createdAt: files.createdAt, id: files.id }).from(files).where(eq(files.id, input.cursor)))[0] : undefined;
  const rows = await db()
    .select({ file: files, channelName: channels.name, channelKind: channels.kind, uploaderName: users.name })
    .from(files)
    .innerJoin(channels, eq(channels.id, files.channelId))
    .leftJoin(users, eq(users.id, files.uploaderId))
    .where(
      and(
        eq(files.workspaceId, input.workspaceId),
        isNotNull(files.messageId),
        input.channelId ? eq(files.channelId, input.channelId) : channelReadableBy(actorId),
        cursor && or(lt(files.createdAt, cursor.createdAt), and(eq(files.createdAt, cursor.createdAt), lt(files.id, cursor.id))),
      ),
    )
    .orderBy(desc(files.createdAt), desc(files.id))
    .limit(input.limit);
  return rows.map((row) => ({ ...toFileView(row.file), channelName: row.channelName, channelKind: row.channelKind, uploaderName: row.uploaderName }));
}

export const maxFileBytes = () => Math.floor(env().FILES_MAX_MB * 1024 * 1024);

/** Bytes a workspace's files take, and how many it may take. */
export async function workspaceUsage(tx: Db | Tx, workspaceId: string) {
  const [row] = await tx
    .select({ used: sql<string>`coalesce(sum(${files.size}), 0)`, quota: workspaces.fileQuotaBytes })
    .from(workspaces)
    .leftJoin(files, eq(files.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId))
    .groupBy(workspaces.fileQuotaBytes);
  return { used: Number(row?.used ?? 0), quota: row?.quota ?? Math.floor(env().FILES_WORKSPACE_QUOTA_MB * 1024 * 1024) };
}

/** What the composer checks before uploading, so an oversize file is refused at once with the same words. */
export async function fileLimits(actorId: string, workspaceId: string) {
  await requireWorkspaceRole(db(), workspaceId, actorId);
  const usage = await workspaceUsage(db(), workspaceId);
  return { maxFileBytes: maxFileBytes(), quotaBytes: usage.quota, usedBytes: usage.used };
}

/** Files an app uploaded (files.uploadV2) and has not shared in a conversation yet. */
export async function stagedFiles(botUserId: string, workspaceId: string, fileIds: string[]): Promise<FileView[]> {
  const rows = await db()
    .select()
    .from(files)
    .where(and(inArray(files.id, fileIds), eq(files.uploaderId, botUserId), eq(files.workspaceId, workspaceId), isNull(files.channelId), isNull(files.messageId)));
  return rows.map(toFileView);
}
