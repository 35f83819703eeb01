import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { flagInput } from "@/shared/messages";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest } from "../../access/errors";
import { readableMessage } from "../../access/messages";
import { pins } from "../../db/schema";
import { defineAction } from "../context";
import { emitChanged } from "./message-changed";

/** Pins are shared by the channel: everyone sees the pin appear and go, live. */
export const setPinned = defineAction({ actors: ["user", "bot"] }, async (ctx, input: z.output<typeof flagInput>) => {
  const { tx, actor } = ctx;
  const { messageId, on: pinned } = input;
  const { message, channel } = await readableMessage(tx, messageId, actor.userId);
  await requireChannelMember(tx, message.channelId, actor.userId);
  requireNotArchived(channel);
  if (message.deletedAt) throw badRequest("That message was deleted");
  if (pinned) await tx.insert(pins).values({ channelId: message.channelId, messageId, pinnedBy: actor.userId }).onConflictDoNothing();
  else await tx.delete(pins).where(and(eq(pins.channelId, message.channelId), eq(pins.messageId, messageId)));
  return emitChanged(ctx, messageId);
});
