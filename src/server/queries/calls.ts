import { and, eq, isNull } from "drizzle-orm";
import type { CallView } from "@/shared/calls";
import { channelMembershipOf } from "../access/channels";
import { requireWorkspaceRole } from "../access/workspaces";
import { livekitConfig } from "../calls/livekit";
import { type Db, db, type Tx } from "../db/client";
import { callParticipants, calls, channels } from "../db/schema";

export type CallRow = typeof calls.$inferSelect;

export function callsConfig() {
  return { configured: livekitConfig() !== null };
}

export async function callView(tx: Db | Tx, call: CallRow): Promise<CallView> {
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

/** Live calls in the workspace's channels the actor belongs to: the banners and the sidebar's call icons. */
export async function listActiveCalls(actorId: string, workspaceId: string) {
  await requireWorkspaceRole(db(), workspaceId, actorId);
  const rows = await db()
    .select({ call: calls })
    .from(calls)
    .innerJoin(channels, eq(channels.id, calls.channelId))
    .where(and(eq(channels.workspaceId, workspaceId), isNull(calls.endedAt), channelMembershipOf(actorId)));
  return Promise.all(rows.map((row) => callView(db(), row.call)));
}
