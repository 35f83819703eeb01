import { eq } from "drizzle-orm";
import { requireChannelMember } from "../../access/channels";
import { notFound } from "../../access/errors";
import { calls } from "../../db/schema";
import type { ActionContext, ActorOf } from "../context";

const CALL_NOT_FOUND = "That call does not exist or has ended";

/** The live call the actor can see (a member of its channel), or "not found" for everything else. */
export async function liveCallFor({ tx, actor }: ActionContext<ActorOf<"user">>, callId: string) {
  const [call] = await tx.select().from(calls).where(eq(calls.id, callId));
  if (!call) throw notFound(CALL_NOT_FOUND);
  const { channel } = await requireChannelMember(tx, call.channelId, actor.userId).catch(() => {
    throw notFound(CALL_NOT_FOUND);
  });
  if (call.endedAt) throw notFound(CALL_NOT_FOUND);
  return { call, channel };
}
