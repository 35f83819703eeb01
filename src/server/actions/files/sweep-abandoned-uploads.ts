import { and, isNotNull, isNull, lt, or } from "drizzle-orm";
import { files } from "../../db/schema";
import { removeStoredFiles, storedColumns, storedKeys } from "../../files/storage";
import { defineAction } from "../context";

/** An attachment uploaded but never sent (the draft was abandoned, or an app never completed it) is kept this long, then removed. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

export const sweepAbandonedUploads = defineAction({ actors: ["system"], transaction: false }, async (ctx) => {
  const { tx, services } = ctx;
  const removed = await tx
    .delete(files)
    // In a conversation, or staged by an app in its workspace; avatars (in neither) are never sent.
    .where(and(or(isNotNull(files.channelId), isNotNull(files.workspaceId)), isNull(files.messageId), lt(files.createdAt, new Date(services.clock.now().getTime() - ABANDONED_AFTER_MS))))
    .returning(storedColumns);
  const keys = storedKeys(removed);
  // Bytes whose rows are gone: a failure leaves an orphan in storage, never a broken row.
  ctx.afterCommit(() => void removeStoredFiles(services.storage, keys));
});
