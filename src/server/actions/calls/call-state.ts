import { and, eq, isNull } from "drizzle-orm";
import type { CallView } from "@/shared/calls";
import { callSummary } from "@/shared/calls";
import { topics } from "@/shared/events";
import type { Db, Tx } from "../../db/client";
import { callParticipants, calls, channels } from "../../db/schema";
import type { Emit } from "../../events";
import { postSystemMessage } from "../messages/system-message";

type CallRow = typeof calls.$inferSelect;

export async function callView(tx: Tx | Db, call: CallRow): Promise<CallView> {
  const present = await tx
    .select({ userId: callParticipants.userId })
    .from(callParticipants)
    .where(and(eq(callParticipants.callId, call.id), isNull(callParticipants.leftAt)))
    .orderBy(callParticipants.joinedAt);
  return {
    id: call.id,
    channelId: call.channelId,
    startedBy: call.startedBy,
    startedAt: call.startedAt,
    ringUntil: call.ringUntil,
    answeredAt: call.answeredAt,
    participantIds: present.map((row) => row.userId),
  };
}

export async function workspaceOf(tx: Tx, channelId: string): Promise<string> {
  const [channel] = await tx.select({ workspaceId: channels.workspaceId }).from(channels).where(eq(channels.id, channelId));
  return channel!.workspaceId;
}

export async function announceCall(tx: Tx, emit: Emit, call: CallRow) {
  emit(topics.channel(call.channelId), { type: "call.updated", workspaceId: await workspaceOf(tx, call.channelId), call: await callView(tx, call) });
}

/**
 * Ends a live call once: closes everyone's participation, posts what happened in the channel ("Call ended · 14 min ·
 * 3 people", "Missed call", "Call declined") and tells the channel. Returns false when it had already ended.
 */
export async function finishCall(tx: Tx, emit: Emit, callId: string, reason: NonNullable<CallRow["endReason"]>, now = new Date()): Promise<boolean> {
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
  await postSystemMessage(tx, emit, call.channelId, body, call.startedBy);
  emit(topics.channel(call.channelId), { type: "call.ended", workspaceId: await workspaceOf(tx, call.channelId), callId, channelId: call.channelId });
  return true;
}
