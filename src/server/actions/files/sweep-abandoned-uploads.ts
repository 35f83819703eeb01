import { and, isNotNull, isNull, lt } from "drizzle-orm";
import { db } from "../../db/client";
import { files } from "../../db/schema";
import { removeStoredFiles, storedColumns, storedKeys } from "../../files/storage";

/** An attachment uploaded but never sent (the draft was abandoned) is kept this long, then removed. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

export async function sweepAbandonedUploads() {
  const removed = await db()
    .delete(files)
    .where(and(isNotNull(files.channelId), isNull(files.messageId), lt(files.createdAt, new Date(Date.now() - ABANDONED_AFTER_MS))))
    .returning(storedColumns);
  await removeStoredFiles(storedKeys(removed));
}
