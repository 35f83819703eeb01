import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { cleanFileName, type FileKind, formatFileSize } from "@/shared/files";
import { newId } from "@/shared/ids";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { requireVisitorConversation } from "../../access/support";
import { badRequest, DomainError } from "../../access/errors";
import { files, workspaces } from "../../db/schema";
import { SNIFF_BYTES, sniffFileType } from "../../files/sniff";
import { makeThumbnail } from "../../files/thumbnail";
import { removeStoredFiles } from "../../files/storage";
import { maxFileBytes, toFileView, workspaceUsage } from "../../queries/files";
import { defineAction } from "../context";

interface UploadInput {
  /** A conversation, none (an avatar), or "staged": an app's file, shared once it completes the upload. */
  channelId: string | null | "staged";
  /** Given ahead, when the uploader was already told it (Slack's file_id). */
  id?: string;
  name: string;
  size: number;
  body: AsyncIterable<Buffer>;
}

const tooLarge = (message: string) => new DomainError("PAYLOAD_TOO_LARGE", message);

function requireRoom(usage: { used: number; quota: number }, size: number) {
  if (usage.used + size > usage.quota) {
    throw tooLarge(`This workspace has used ${formatFileSize(usage.used)} of its ${formatFileSize(usage.quota)} for files; ask an admin to free some up.`);
  }
}

/**
 * The upload's bytes after the first SNIFF_BYTES (already read to learn the type), counted: more than declared, or
 * more than the limit, fails the stream, and with it the write to storage.
 */
async function* exactly(head: Buffer, rest: AsyncIterator<Buffer>, declared: number) {
  let total = head.length;
  yield head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) {
    total += next.value.length;
    if (total > declared) throw badRequest("The upload was longer than it said it would be");
    yield next.value;
  }
  if (total !== declared) throw badRequest("The upload ended early");
}

async function readHead(body: AsyncIterator<Buffer>, declared: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < Math.min(SNIFF_BYTES, declared)) {
    const next = await body.next();
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.length;
  }
  return Buffer.concat(chunks);
}

/**
 * Stores an upload: into a channel the uploader belongs to (attached to a message when they send it), as their
 * avatar, or, for an app, staged in its workspace until it says where to share it (Slack's files.uploadV2); a
 * live-chat visitor uploads into one of their own conversations only, under the same rules. Size and
 * quota are checked before a byte is stored and again when the row is written; a refused or broken upload leaves
 * nothing behind.
 */
export const uploadFile = defineAction({ actors: ["user", "bot", "visitor"], transaction: false }, async (ctx, input: UploadInput) => {
  const { actor, services } = ctx;
  const staged = input.channelId === "staged";
  if (staged && actor.kind !== "bot") throw badRequest("Upload into a conversation");
  const limit = maxFileBytes();
  if (!Number.isSafeInteger(input.size) || input.size < 0) throw badRequest("Say how large the file is (Content-Length)");
  if (input.size === 0) throw badRequest("That file is empty");
  if (input.size > limit) throw tooLarge(`Files can be at most ${formatFileSize(limit)}; this one is ${formatFileSize(input.size)}.`);
  let workspaceId: string | null = null;
  const channelId = staged ? null : input.channelId;
  if (staged && actor.kind === "bot") {
    workspaceId = actor.workspaceId;
    requireRoom(await workspaceUsage(ctx.tx, workspaceId), input.size);
  } else if (actor.kind === "visitor") {
    if (!input.channelId) throw badRequest("Upload into a conversation");
    await requireVisitorConversation(ctx.tx, input.channelId, actor.visitorId);
    workspaceId = actor.workspaceId;
    requireRoom(await workspaceUsage(ctx.tx, workspaceId), input.size);
  } else if (input.channelId) {
    const { channel } = await requireChannelMember(ctx.tx, input.channelId, actor.userId);
    requireNotArchived(channel);
    workspaceId = channel.workspaceId;
    requireRoom(await workspaceUsage(ctx.tx, workspaceId), input.size);
  }

  const id = input.id ?? newId();
  const key = `${workspaceId ?? "avatars"}/${id}`;
  const stored: string[] = [];
  const { storage } = services;
  try {
    const body = input.body[Symbol.asyncIterator]();
    const head = await readHead(body, input.size);
    const type = await sniffFileType(head);
    const avatar = !input.channelId;
    if (avatar && type.kind !== "image") throw badRequest("Avatars must be PNG, JPEG, GIF or WebP images");
    stored.push(key);
    await storage.put(key, Readable.from(exactly(head, body, input.size)), input.size, type.mimeType);
    let kind: FileKind = type.kind;
    let picture: { width: number; height: number } | null = null;
    let thumbnailKey: string | null = null;
    if (kind === "image") {
      const thumb = await makeThumbnail(await storage.get(key));
      if (thumb) {
        thumbnailKey = `${key}.thumbnail.webp`;
        stored.push(thumbnailKey);
        await storage.put(thumbnailKey, Readable.from([thumb.thumbnail]), thumb.thumbnail.length, "image/webp");
        picture = { width: thumb.width, height: thumb.height };
      } else {
        // Claimed to be an image by its first bytes, but does not decode: offered as a download only.
        kind = "file";
      }
    }
    if (avatar && kind !== "image") throw badRequest("That image could not be read");

    return await ctx.tx.transaction(async (tx) => {
      if (workspaceId) {
        // Uploads to one workspace take turns here, so two at once cannot both squeeze under the quota.
        await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for("update");
        requireRoom(await workspaceUsage(tx, workspaceId), input.size);
      }
      const [row] = await tx
        .insert(files)
        .values({
          id,
          workspaceId,
          channelId,
          uploaderId: actor.userId,
          name: cleanFileName(input.name),
          size: input.size,
          mimeType: type.mimeType,
          kind,
          width: picture?.width,
          height: picture?.height,
          storageKey: key,
          thumbnailKey,
        })
        .returning();
      return toFileView(row!);
    });
  } catch (error) {
    // The upload's own failure is the one to report: a removal that fails too only leaves an orphan in storage.
    await removeStoredFiles(storage, stored);
    throw error;
  }
});
