import { and, eq, isNull, ne } from "drizzle-orm";
import { fileUrl } from "@/shared/files";
import { requireManagedApp } from "../../access/apps";
import { badRequest } from "../../access/errors";
import { apps, files, users } from "../../db/schema";
import { removeStoredFiles, storedColumns, storedKeys } from "../../files/storage";
import { announcePerson } from "../users/announce-person";
import { botActor, defineAction, runAction } from "../context";
import { uploadFile } from "../files/upload-file";

/**
 * An app's icon, uploaded by someone who manages it: stored as its bot's avatar (an image anyone signed in may see),
 * shown on its messages, in the member list and in settings; the icon it replaces is removed.
 */
export const setAppIcon = defineAction(
  { actors: ["user"], transaction: false },
  async (ctx, input: { appId: string; name: string; size: number; body: AsyncIterable<Buffer> }) => {
    const app = await requireManagedApp(ctx.tx, input.appId, ctx.actor.userId);
    const bot = botActor(app);
    const file = await runAction(bot, uploadFile, { channelId: null, name: input.name, size: input.size, body: input.body }, ctx.services);
    if (file.kind !== "image") throw badRequest("Upload a PNG, JPEG, GIF or WebP image for the icon");
    const icon = fileUrl(file);
    return ctx.tx.transaction(async (tx) => {
      // The bot's earlier icons, never the files it staged for sharing (those belong to its workspace).
      const replaced = await tx
        .delete(files)
        .where(and(eq(files.uploaderId, app.botUserId), isNull(files.channelId), isNull(files.workspaceId), ne(files.id, file.id)))
        .returning(storedColumns);
      const replacedKeys = storedKeys(replaced);
      if (replacedKeys.length > 0) ctx.afterCommit(() => void removeStoredFiles(ctx.services.storage, replacedKeys));
      await tx.update(apps).set({ iconUrl: icon }).where(eq(apps.id, app.id));
      await tx.update(users).set({ image: icon }).where(eq(users.id, app.botUserId));
      await announcePerson({ ...ctx, tx }, app.botUserId);
      return { iconUrl: icon };
    });
  },
);
