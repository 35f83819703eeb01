import { and, eq, isNull } from "drizzle-orm";
import { requireWorkspaceRole } from "../access/workspaces";
import { callView } from "../actions/calls/call-state";
import { livekitConfig } from "../calls/livekit";
import { db } from "../db/client";
import { calls, channelMembers, channels } from "../db/schema";

export function callsConfig() {
  return { configured: livekitConfig() !== null };
}

/** Live calls in the workspace's channels the actor belongs to: the banners and the sidebar's call icons. */
export async function listActiveCalls(actorId: string, workspaceId: string) {
  await requireWorkspaceRole(db(), workspaceId, actorId);
  const rows = await db()
    .select({ call: calls })
    .from(calls)
    .innerJoin(channels, eq(channels.id, calls.channelId))
    .innerJoin(channelMembers, and(eq(channelMembers.channelId, calls.channelId), eq(channelMembers.userId, actorId)))
    .where(and(eq(channels.workspaceId, workspaceId), isNull(calls.endedAt)));
  return Promise.all(rows.map((row) => callView(db(), row.call)));
}
