import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { topics } from "@/shared/events";
import type { visitorReadInput } from "@/shared/support";
import { requireVisitorConversation } from "../../access/support";
import { channels, supportConversations } from "../../db/schema";
import { defineAction } from "../context";

/** The visitor saw the conversation up to here: the agents' "Seen". Only ever forward. */
export const markVisitorRead = defineAction({ actors: ["visitor"] }, async ({ tx, actor, emit }, input: z.output<typeof visitorReadInput>) => {
  const conversation = await requireVisitorConversation(tx, input.conversationId, actor.visitorId);
  const [row] = await tx
    .update(supportConversations)
    .set({ visitorReadSeq: sql`greatest(${supportConversations.visitorReadSeq}, least(${input.seq}, (select ${channels.lastSeq} from ${channels} where ${channels.id} = ${conversation.id})))` })
    .where(eq(supportConversations.id, conversation.id))
    .returning({ seq: supportConversations.visitorReadSeq });
  if (row!.seq !== conversation.visitorReadSeq) emit(topics.channel(conversation.id), { type: "channel.receipt", channelId: conversation.id, userId: actor.userId, lastReadSeq: row!.seq });
  return { lastReadSeq: row!.seq };
});
