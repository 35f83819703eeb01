import { and, eq, ne } from "drizzle-orm";
import { requireReadableChannel } from "../access/channels";
import { receiptsApply } from "../access/receipts";
import { db } from "../db/client";
import { channelMembers, users } from "../db/schema";
import { visitorReceipt } from "./support";

/**
 * How far each other person in a DM or group DM has read, when receipts apply; nothing for someone who opted out.
 * In a support conversation, the visitor too (the team's "Seen").
 */
export async function listReceipts(actorId: string, channelId: string) {
  const { channel } = await requireReadableChannel(db(), channelId, actorId);
  if (!(await receiptsApply(db(), channel, actorId))) return [];
  const members = await db()
    .select({ userId: channelMembers.userId, lastReadSeq: channelMembers.lastReadSeq })
    .from(channelMembers)
    .innerJoin(users, eq(users.id, channelMembers.userId))
    .where(and(eq(channelMembers.channelId, channelId), ne(channelMembers.userId, actorId), eq(users.readReceipts, true)));
  return channel.kind === "support" ? [...members, ...(await visitorReceipt(db(), channelId))] : members;
}
