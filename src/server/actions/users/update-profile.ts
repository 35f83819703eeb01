import { and, eq, isNull, ne } from "drizzle-orm";
import type { z } from "zod";
import { fileUrl } from "@/shared/files";
import type { updateProfileInput } from "@/shared/users";
import { badRequest } from "../../access/errors";
import { files, users } from "../../db/schema";
import { inTransaction } from "../../events";
import { removeStoredFiles, storedColumns, storedKeys } from "../../files/storage";
import { announcePerson } from "./announce-person";

export async function updateProfile(actorId: string, input: z.output<typeof updateProfileInput>) {
  return inTransaction(async (tx, emit) => {
    await tx.update(users).set({ name: input.name }).where(eq(users.id, actorId));
    return announcePerson(tx, emit, actorId);
  });
}

/** An uploaded avatar becomes the person's picture everywhere; the one it replaces is removed. */
export async function setAvatar(actorId: string, fileId: string) {
  let replacedKeys: string[] = [];
  const person = await inTransaction(async (tx, emit) => {
    const [file] = await tx.select().from(files).where(and(eq(files.id, fileId), eq(files.uploaderId, actorId), isNull(files.channelId)));
    if (!file || file.kind !== "image") throw badRequest("Upload a PNG, JPEG, GIF or WebP image for your avatar");
    const replaced = await tx
      .delete(files)
      .where(and(eq(files.uploaderId, actorId), isNull(files.channelId), ne(files.id, fileId)))
      .returning(storedColumns);
    replacedKeys = storedKeys(replaced);
    await tx.update(users).set({ image: fileUrl(file) }).where(eq(users.id, actorId));
    return announcePerson(tx, emit, actorId);
  });
  await removeStoredFiles(replacedKeys);
  return person;
}
