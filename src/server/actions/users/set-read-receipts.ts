import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { readReceiptsInput } from "@/shared/users";
import { channelMembers, channels, users } from "../../db/schema";
import { defineAction } from "../context";

/**
 * Opting out of read receipts: this person's stop showing in every DM they are in (and they stop seeing others').
 * Opting back in shares their current read positions.
 */
export const setReadReceipts = defineAction({ actors: ["user"] }, async (ctx, input: z.output<typeof readReceiptsInput>) => {
  const { tx, emit, actor } = ctx;
  await tx.update(users).set({ readReceipts: input.on }).where(eq(users.id, actor.userId));
  const conversations = await tx
    .select({ channelId: channelMembers.channelId, lastReadSeq: channelMembers.lastReadSeq })
    .from(channelMembers)
    .innerJoin(channels, eq(channels.id, channelMembers.channelId))
    .where(and(eq(channelMembers.userId, actor.userId), inArray(channels.kind, ["dm", "group_dm"])));
  for (const { channelId, lastReadSeq } of conversations) {
    emit(topics.channel(channelId), { type: "channel.receipt", channelId, userId: actor.userId, lastReadSeq: input.on ? lastReadSeq : null });
  }
  return { readReceipts: input.on };
});
