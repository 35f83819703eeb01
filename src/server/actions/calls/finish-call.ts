import { and, eq, isNull } from "drizzle-orm";
import { callSummary } from "@/shared/calls";
import { topics } from "@/shared/events";
import { closeRoom, livekitConfig } from "../../calls/livekit";
import { callParticipants, calls } from "../../db/schema";
import type { CallRow } from "../../queries/calls";
import type { ActionContext } from "../context";
import { postSystemMessage } from "../messages/system-message";
import { workspaceOf } from "./call-events";

/**
 * Ends a live call once: closes everyone's participation, posts what happened in the channel ("Call ended · 14 min ·
 * 3 people", "Missed call", "Call declined") and tells the channel. Returns false when it had already ended.
 */
export async function finishCall(ctx: ActionContext, callId: string, reason: NonNullable<CallRow["endReason"]>, now = ctx.services.clock.now()): Promise<boolean> {
  const { tx, emit } = ctx;
  const [call] = await tx
    .update(calls)
    .set({ endedAt: now, endReason: reason, ringUntil: null })
    .where(and(eq(calls.id, callId), isNull(calls.endedAt)))
    .returning();
  if (!call) return false;
  await tx.update(callParticipants).set({ leftAt: now }).where(and(eq(callParticipants.callId, callId), isNull(callParticipants.leftAt)));
  const people = await tx.select({ userId: callParticipants.userId, joinedAt: callParticipants.joinedAt }).from(callParticipants).where(eq(callParticipants.callId, callId));
  const body =
    reason === "missed"
      ? "Missed call"
      : reason === "declined"
        ? "Call declined"
        : callSummary(now.getTime() - Math.min(...people.map((row) => row.joinedAt.getTime()), call.startedAt.getTime()), Math.max(1, people.length));
  await postSystemMessage(ctx, call.channelId, body, call.startedBy);
  emit(topics.channel(call.channelId), { type: "call.ended", workspaceId: await workspaceOf(ctx, call.channelId), callId, channelId: call.channelId });
  return true;
}

/** Once the call's end has committed, its LiveKit room closes for whoever is still in it. */
export function closeRoomAfterCommit(ctx: ActionContext, callId: string) {
  const config = livekitConfig();
  if (config) ctx.afterCommit(() => void closeRoom(config, callId));
}
