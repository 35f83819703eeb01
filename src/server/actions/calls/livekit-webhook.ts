import { and, eq, isNull, lte } from "drizzle-orm";
import { callIdOfRoom, closeRoom, livekitConfig } from "../../calls/livekit";
import { callParticipants, calls, livekitWebhookEvents } from "../../db/schema";
import { inTransaction } from "../../events";
import { announceCall, finishCall } from "./call-state";

/** What the webhook route hands over from LiveKit's (already verified) event. */
export interface CallRoomEvent {
  id: string;
  event: string;
  room: string | undefined;
  identity: string | undefined;
  at: Date;
}

/**
 * Applies one LiveKit webhook to the call it is about. Redelivered events (same id) are ignored; an event older
 * than what a participant's row already reflects changes nothing, so out-of-order delivery converges.
 */
export async function handleCallRoomEvent(event: CallRoomEvent): Promise<Outcome> {
  const callId = callIdOfRoom(event.room);
  const { outcome, ended } = await inTransaction(async (tx, emit): Promise<{ outcome: Outcome; ended?: boolean }> => {
    const [fresh] = await tx.insert(livekitWebhookEvents).values({ id: event.id }).onConflictDoNothing().returning();
    if (!fresh) return { outcome: "duplicate" };
    if (!callId) return { outcome: "ignored" };
    const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
    if (!call || call.endedAt) return { outcome: "ignored" };

    if (event.event === "room_finished") return { outcome: "applied", ended: await finishCall(tx, emit, call.id, "finished", event.at) };
    if (!event.identity || (event.event !== "participant_joined" && event.event !== "participant_left")) return { outcome: "ignored" };
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
    if (applied.length === 0) return { outcome: "ignored" };
    if (joined && !call.answeredAt && event.identity !== call.startedBy) {
      await tx.update(calls).set({ answeredAt: event.at, ringUntil: null }).where(eq(calls.id, call.id));
    }
    const [current] = await tx.select().from(calls).where(eq(calls.id, call.id));
    const stillIn = await tx
      .select({ userId: callParticipants.userId })
      .from(callParticipants)
      .where(and(eq(callParticipants.callId, call.id), isNull(callParticipants.leftAt)));
    // The last person out ends the call; a ringing call whose caller hung up is over too.
    if (!joined && stillIn.length === 0 && (current!.answeredAt || event.identity === call.startedBy)) {
      return { outcome: "applied", ended: await finishCall(tx, emit, call.id, current!.answeredAt ? "finished" : "missed", event.at) };
    }
    await announceCall(tx, emit, current!);
    return { outcome: "applied" };
  });
  const config = livekitConfig();
  if (ended && callId && config) await closeRoom(config, callId);
  return outcome;
}

type Outcome = "applied" | "duplicate" | "ignored";
