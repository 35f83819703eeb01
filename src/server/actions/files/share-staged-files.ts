import { and, eq, inArray, isNull } from "drizzle-orm";
import type { AppMessageContent } from "@/shared/apps";
import { FILES_PER_MESSAGE } from "@/shared/files";
import { newId } from "@/shared/ids";
import type { MessageView } from "@/shared/messages";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest, notFound } from "../../access/errors";
import { files } from "../../db/schema";
import { defineAction, runAction } from "../context";
import { sendMessage } from "../messages/send-message";

/**
 * Files an app staged (Slack's files.completeUploadExternal with a channel): moved into the conversation and posted
 * there as one message of the app's, with its comment, as a person's attachments are.
 */
export const shareStagedFiles = defineAction(
  { actors: ["bot"], transaction: false },
  async (ctx, input: { fileIds: string[]; channelId: string; threadRootId?: string; body: string; content?: AppMessageContent }): Promise<MessageView> => {
    const { tx, actor } = ctx;
    const fileIds = [...new Set(input.fileIds)];
    if (fileIds.length === 0 || fileIds.length > FILES_PER_MESSAGE) throw badRequest(`Share between 1 and ${FILES_PER_MESSAGE} files at once`);
    const { channel } = await requireChannelMember(tx, input.channelId, actor.userId);
    requireNotArchived(channel);
    if (channel.workspaceId !== actor.workspaceId) throw notFound("That conversation does not exist");
    // All of them or none: a wrong id leaves the others staged.
    await tx.transaction(async (move) => {
      const moved = await move
        .update(files)
        .set({ channelId: channel.id })
        .where(and(inArray(files.id, fileIds), eq(files.uploaderId, actor.userId), eq(files.workspaceId, actor.workspaceId), isNull(files.channelId), isNull(files.messageId)))
        .returning({ id: files.id });
      if (moved.length !== fileIds.length) throw notFound("A file was not uploaded by this app, or was shared already");
    });
    return runAction(
      actor,
      sendMessage,
      { channelId: channel.id, body: input.body, fileIds, clientNonce: newId(), threadRootId: input.threadRootId, alsoInChannel: false, appContent: input.content },
      ctx.services,
    );
  },
);
