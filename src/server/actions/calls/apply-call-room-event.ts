import { and, eq, isNull, lte } from "drizzle-orm";
import { callIdOfRoom } from "../../calls/livekit";
import { callParticipants, calls, livekitWebhookEvents } from "../../db/schema";
import { defineAction } from "../context";
import { announceCall } from "./call-events";
import { closeRoomAfterCommit, finishCall } from "./finish-call";

/** What the webhook route hands over from LiveKit's (already verified) event. */
export interface CallRoomEvent {
  id: string;
  event: string;
  room: string | undefined;
  identity: string | undefined;
  at: Date;
}

type Outcome = "applied" | "duplicate" | "ignored";

/**
 * Applies one LiveKit webhook to the call it is about. Redelivered events (same id) are ignored; an event older
 * than what a participant's row already reflects changes nothing, so out-of-order delivery converges.
 */
export const applyCallRoomEvent = defineAction({ actors: ["system"] }, async (ctx, event: CallRoomEvent): Promise<Outcome> => {
  const { tx } = ctx;
  const callId = callIdOfRoom(event.room);
  const [fresh] = await tx.insert(livekitWebhookEvents).values({ id: event.id }).onConflictDoNothing().returning();
  if (!fresh) return "duplicate";
  if (!callId) return "ignored";
  const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
  if (!call || call.endedAt) return "ignored";
  const finish = async (reason: "finished" | "missed") => {
    if (await finishCall(ctx, call.id, reason, event.at)) closeRoomAfterCommit(ctx, call.id);
    return "applied" as const;
  };

  if (event.event === "room_finished") return finish("finished");
  if (!event.identity || (event.event !== "participant_joined" && event.event !== "participant_left")) return "ignored";
  const joined = event.event === "participant_joined";
  const applied = await tx
    .insert(callParticipants)
    .values({ callId: call.id, userId: event.identity, joinedAt: event.at, leftAt: joined ? null : event.at, lastEventAt: event.at })
    .onConflictDoUpdate({
      target: [callParticipants.callId, callParticipants.userId],
      set: joined ? { leftAt: null, lastEventAt: event.at } : { leftAt: event.at, lastEventAt: event.at },
      setWhere: lte(callParticipants.lastEventAt, event.at),
    })
    .returning();
  if (applied.length === 0) return "ignored";
  if (joined && !call.answeredAt && event.identity !== call.startedBy) {
    await tx.update(calls).set({ answeredAt: event.at, ringUntil: null }).where(eq(calls.id, call.id));
  }
  const [current] = await tx.select().from(calls).where(eq(calls.id, call.id));
  const stillIn = await tx
    .select({ userId: callParticipants.userId })
    .from(callParticipants)
    .where(and(eq(callParticipants.callId, call.id), isNull(callParticipants.leftAt)));
  // The last person out ends the call; a ringing call whose caller hung up is over too.
  if (!joined && stillIn.length === 0 && (current!.answeredAt || event.identity === call.startedBy)) return finish(current!.answeredAt ? "finished" : "missed");
  await announceCall(ctx, current!);
  return "applied";
});
