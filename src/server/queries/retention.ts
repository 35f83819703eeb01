import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";
import { requireWorkspaceAdmin } from "../access/workspaces";
import { db } from "../db/client";
import { channels, legalHolds, users, workspaces } from "../db/schema";

/** Settings → Data retention: the workspace's setting, the channels with their own, and the holds in force. */
export async function retentionSettings(actorId: string, workspaceId: string) {
  await requireWorkspaceAdmin(db(), workspaceId, actorId);
  const [[workspace], overrides, holds] = await Promise.all([
    db().select({ days: workspaces.retentionDays, lastRunAt: workspaces.retentionRunAt }).from(workspaces).where(eq(workspaces.id, workspaceId)),
    db()
      .select({ channelId: channels.id, name: channels.name, days: channels.retentionDays })
      .from(channels)
      .where(and(eq(channels.workspaceId, workspaceId), isNotNull(channels.retentionDays)))
      .orderBy(asc(channels.name)),
    db()
      .select({ id: legalHolds.id, kind: legalHolds.kind, targetId: legalHolds.targetId, reason: legalHolds.reason, createdAt: legalHolds.createdAt, channelName: channels.name, personName: users.name })
      .from(legalHolds)
      .leftJoin(channels, eq(channels.id, legalHolds.targetId))
      .leftJoin(users, eq(users.id, legalHolds.targetId))
      .where(and(eq(legalHolds.workspaceId, workspaceId), isNull(legalHolds.releasedAt)))
      .orderBy(asc(legalHolds.createdAt)),
  ]);
  return { days: workspace?.days ?? null, lastRunAt: workspace?.lastRunAt ?? null, overrides: overrides.map((row) => ({ ...row, days: row.days! })), holds };
}
