import { eq } from "drizzle-orm";
import { env } from "@/env";
import type { PresenceStatus } from "@/shared/presence";
import { requireWorkspaceRole } from "../access/workspaces";
import { db } from "../db/client";
import { workspaceMembers } from "../db/schema";
import { presence } from "../presence";

/** Who in a workspace is online right now (everyone absent is offline), and when idle people count as away. */
export async function listPresence(actorId: string, workspaceId: string) {
  await requireWorkspaceRole(db(), workspaceId, actorId);
  const members = await db().select({ userId: workspaceMembers.userId }).from(workspaceMembers).where(eq(workspaceMembers.workspaceId, workspaceId));
  const online = await presence().presenceOf(members.map((member) => member.userId));
  return { awayAfterMs: env().PRESENCE_AWAY_AFTER_MS, people: Object.fromEntries(online) as Record<string, Exclude<PresenceStatus, "offline">> };
}
