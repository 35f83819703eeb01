import { and, eq, isNull, ne } from "drizzle-orm";
import { env } from "@/env";
import { isConversation } from "@/shared/channels";
import { topics } from "@/shared/events";
import { requireChannelMember, requireNotArchived } from "../../access/channels";
import { badRequest } from "../../access/errors";
import { CALLS_NOT_CONFIGURED, livekitConfig, mintCallToken, roomName } from "../../calls/livekit";
import { db } from "../../db/client";
import { channelMembers, calls, channels, users } from "../../db/schema";
import { inTransaction } from "../../events";
import { isUniqueViolation } from "../unique-violation";
import { announceCall, callView, workspaceOf } from "./call-state";

/**
 * Joins the channel's live call, starting one if there is none (a DM call rings the others), and hands back a
 * short-lived LiveKit token for its room. Who is actually in the call is then told by LiveKit's webhooks.
 */
export async function joinCall(actorId: string, channelId: string) {
  const config = livekitConfig();
  if (!config) throw badRequest(CALLS_NOT_CONFIGURED);
  const call = await inTransaction(async (tx, emit) => {
    const { channel } = await requireChannelMember(tx, channelId, actorId);
    requireNotArchived(channel);
    // The channel row lock makes two people starting a call at once end up in the same one.
    await tx.select({ id: channels.id }).from(channels).where(eq(channels.id, channelId)).for("update");
    const [live] = await tx.select().from(calls).where(and(eq(calls.channelId, channelId), isNull(calls.endedAt)));
    if (live) return live;
    const ringing = isConversation(channel.kind);
    const [started] = await tx
      .insert(calls)
      .values({ channelId, startedBy: actorId, ringUntil: ringing ? new Date(Date.now() + env().CALL_RING_MS) : null })
      .returning();
    await announceCall(tx, emit, started!);
    if (ringing) {
      const others = await tx
        .select({ userId: channelMembers.userId })
        .from(channelMembers)
        .where(and(eq(channelMembers.channelId, channelId), ne(channelMembers.userId, actorId)));
      const view = await callView(tx, started!);
      const workspaceId = await workspaceOf(tx, channelId);
      for (const { userId } of others) emit(topics.user(userId), { type: "call.ringing", workspaceId, call: view, callerId: actorId });
    }
    return started!;
  }).catch((error) => {
    if (isUniqueViolation(error)) throw badRequest("A call was starting in this channel at the same moment; try again");
    throw error;
  });
  const [me] = await db().select({ name: users.name }).from(users).where(eq(users.id, actorId));
  return { callId: call.id, room: roomName(call.id), url: config.publicUrl, token: await mintCallToken(config, { callId: call.id, userId: actorId, name: me!.name }) };
}
