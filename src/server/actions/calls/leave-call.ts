import { and, eq, isNull, lt } from "drizzle-orm";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { requireChannelMember } from "../../access/channels";
import { badRequest, forbidden, notFound } from "../../access/errors";
import { requireWorkspaceRole } from "../../access/workspaces";
import { closeRoom, livekitConfig } from "../../calls/livekit";
import type { Tx } from "../../db/client";
import { calls, channelMembers } from "../../db/schema";
import { inTransaction } from "../../events";
import { finishCall } from "./call-state";

const CALL_NOT_FOUND = "That call does not exist or has ended";

async function liveCallFor(tx: Tx, callId: string, actorId: string) {
  const [call] = await tx.select().from(calls).where(eq(calls.id, callId));
  if (!call) throw notFound(CALL_NOT_FOUND);
  const { channel } = await requireChannelMember(tx, call.channelId, actorId).catch(() => {
    throw notFound(CALL_NOT_FOUND);
  });
  if (call.endedAt) throw notFound(CALL_NOT_FOUND);
  return { call, channel };
}

/** Declining a ringing DM call: in a one-to-one DM the call ends ("Call declined") and the caller hears so. */
export async function declineCall(actorId: string, callId: string) {
  const ended = await inTransaction(async (tx, emit) => {
    const { call } = await liveCallFor(tx, callId, actorId);
    if (call.answeredAt || !call.ringUntil) throw badRequest("That call is no longer ringing");
    if (call.startedBy === actorId) throw badRequest("Leave your own call instead of declining it");
    const members = await tx.select({ userId: channelMembers.userId }).from(channelMembers).where(eq(channelMembers.channelId, call.channelId));
    // In a group DM one person declining leaves it ringing for the others.
    return members.length <= 2 ? finishCall(tx, emit, callId, "declined") : false;
  });
  const config = livekitConfig();
  if (ended && config) await closeRoom(config, callId);
}

/** Ends a call for everyone: the person who started it, or a workspace admin. */
export async function endCall(actorId: string, callId: string) {
  await inTransaction(async (tx, emit) => {
    const { call, channel } = await liveCallFor(tx, callId, actorId);
    const role = await requireWorkspaceRole(tx, channel.workspaceId, actorId);
    if (call.startedBy !== actorId && !isWorkspaceAdmin(role)) throw forbidden("Only the person who started the call or an admin can end it for everyone");
    await finishCall(tx, emit, callId, "ended_by_host");
  });
  const config = livekitConfig();
  if (config) await closeRoom(config, callId);
}

/** DM calls nobody answered in time become missed calls. Safe from several processes: each call ends once. */
export async function expireUnansweredCalls(now = new Date()): Promise<number> {
  const missed = await inTransaction(async (tx, emit) => {
    const due = await tx
      .select({ id: calls.id })
      .from(calls)
      .where(and(isNull(calls.endedAt), isNull(calls.answeredAt), lt(calls.ringUntil, now)));
    const ended: string[] = [];
    for (const { id } of due) if (await finishCall(tx, emit, id, "missed", now)) ended.push(id);
    return ended;
  });
  const config = livekitConfig();
  if (config) await Promise.all(missed.map((callId) => closeRoom(config, callId)));
  return missed.length;
}
