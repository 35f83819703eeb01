import { and, eq, isNull, ne } from "drizzle-orm";
import { fileUrl } from "@/shared/files";
import { badRequest } from "../../access/errors";
import { files, users } from "../../db/schema";
import { removeStoredFiles, storedColumns, storedKeys } from "../../files/storage";
import { defineAction } from "../context";
import { announcePerson } from "./announce-person";

/** An uploaded avatar becomes the person's picture everywhere; the one it replaces is removed. */
export const setAvatar = defineAction({ actors: ["user"] }, async (ctx, input: { fileId: string }) => {
  const { tx, actor, services } = ctx;
  const [file] = await tx.select().from(files).where(and(eq(files.id, input.fileId), eq(files.uploaderId, actor.userId), isNull(files.channelId)));
  if (!file || file.kind !== "image") throw badRequest("Upload a PNG, JPEG, GIF or WebP image for your avatar");
  const replaced = await tx
    .delete(files)
    .where(and(eq(files.uploaderId, actor.userId), isNull(files.channelId), ne(files.id, input.fileId)))
    .returning(storedColumns);
  const replacedKeys = storedKeys(replaced);
  if (replacedKeys.length > 0) {
    // The bytes go once the rows are gone: a failure leaves an orphan in storage, never a broken row.
    ctx.afterCommit(() => void removeStoredFiles(services.storage, replacedKeys));
  }
  await tx.update(users).set({ image: fileUrl(file) }).where(eq(users.id, actor.userId));
  return announcePerson(ctx, actor.userId);
});
