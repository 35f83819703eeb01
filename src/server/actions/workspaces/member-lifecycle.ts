import { and, eq, inArray, isNull } from "drizzle-orm";
import { topics } from "@/shared/events";
import { notFound } from "../../access/errors";
import { accountTokens, channelMembers, channels, deactivatedMembers, pushSubscriptions, responseUrls, supportAgents, supportInboxes, workspaceMembers } from "../../db/schema";
import { emitChannelUpdated } from "../channels/channel-events";
import type { ActionContext } from "../context";
import { endSessionsAndTell } from "../users/session-ended";

export const MEMBER_NOT_FOUND = "That person is not a member of this workspace";
export const NOT_DEACTIVATED = "That person is not deactivated in this workspace";

/**
 * Deactivates a member: their membership (role, channels and read positions) moves to deactivated_members, so every
 * rule that asks for a membership leaves them out at once, while their messages stay. When no workspace is left to
 * them, their sessions end (open tabs are signed out live), their push subscriptions and unused emailed links go.
 */
export async function deactivate(ctx: ActionContext, workspaceId: string, userId: string, options: { by: string | null; reason: "deactivated" | "deleted" }) {
  const { tx, emit } = ctx;
  const [membership] = await tx
    .select()
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
    .for("update");
  if (!membership) throw notFound(MEMBER_NOT_FOUND);
  const workspaceChannels = tx.select({ id: channels.id }).from(channels).where(eq(channels.workspaceId, workspaceId));
  const kept = await tx
    .delete(channelMembers)
    .where(and(eq(channelMembers.userId, userId), inArray(channelMembers.channelId, workspaceChannels)))
    .returning();
  await tx.insert(deactivatedMembers).values({
    workspaceId,
    userId,
    role: membership.role,
    singleChannel: membership.singleChannel,
    joinedAt: membership.joinedAt,
    reason: options.reason,
    deactivatedBy: options.by,
    channels: kept.map((row) => ({
      channelId: row.channelId,
      lastReadSeq: row.lastReadSeq,
      hidden: row.hidden,
      notifyLevel: row.notifyLevel,
      muted: row.muted,
      ignoreChannelMentions: row.ignoreChannelMentions,
      joinedAt: row.joinedAt.toISOString(),
    })),
  });
  await tx.delete(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
  // No conversations are handed to them, and no app answer they asked for can still reach them.
  await tx.delete(supportAgents).where(and(eq(supportAgents.userId, userId), inArray(supportAgents.inboxId, tx.select({ id: supportInboxes.id }).from(supportInboxes).where(eq(supportInboxes.workspaceId, workspaceId)))));
  await tx.delete(responseUrls).where(and(eq(responseUrls.userId, userId), inArray(responseUrls.channelId, workspaceChannels)));

  emit(topics.workspace(workspaceId), { type: "workspace.member_updated", workspaceId, userId, role: membership.role, deactivated: true });
  emit(topics.user(userId), { type: "membership.changed" });
  for (const { channelId } of kept) {
    emit(topics.channel(channelId), { type: "channel.member_left", channelId, userId });
    await emitChannelUpdated(ctx, channelId);
  }

  const [stillMember] = await tx.select({ workspaceId: workspaceMembers.workspaceId }).from(workspaceMembers).where(eq(workspaceMembers.userId, userId)).limit(1);
  if (!stillMember) {
    await endSessionsAndTell(tx, emit, userId);
    await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
    await tx.delete(accountTokens).where(and(eq(accountTokens.userId, userId), isNull(accountTokens.usedAt)));
  }
  return { role: membership.role, channels: kept.length };
}

/** Gives a deactivated member back their role and the channels they were in (those that still exist). */
export async function reactivate(ctx: ActionContext, workspaceId: string, userId: string) {
  const { tx, emit } = ctx;
  const [kept] = await tx
    .delete(deactivatedMembers)
    .where(and(eq(deactivatedMembers.workspaceId, workspaceId), eq(deactivatedMembers.userId, userId), eq(deactivatedMembers.reason, "deactivated")))
    .returning();
  if (!kept) throw notFound(NOT_DEACTIVATED);
  await tx.insert(workspaceMembers).values({ workspaceId, userId, role: kept.role, singleChannel: kept.singleChannel, joinedAt: kept.joinedAt });
  const wanted = kept.channels.map((entry) => entry.channelId);
  const existing = wanted.length
    ? await tx.select({ id: channels.id }).from(channels).where(and(eq(channels.workspaceId, workspaceId), inArray(channels.id, wanted)))
    : [];
  const present = new Set(existing.map((row) => row.id));
  const restored = kept.channels.filter((entry) => present.has(entry.channelId));
  if (restored.length) {
    await tx
      .insert(channelMembers)
      .values(restored.map((entry) => ({ ...entry, userId, notifyLevel: entry.notifyLevel as typeof channelMembers.$inferInsert.notifyLevel, joinedAt: new Date(entry.joinedAt) })))
      .onConflictDoNothing();
  }
  emit(topics.workspace(workspaceId), { type: "workspace.member_updated", workspaceId, userId, role: kept.role, deactivated: false });
  emit(topics.user(userId), { type: "membership.changed" });
  for (const { channelId } of restored) {
    emit(topics.channel(channelId), { type: "channel.member_joined", channelId, userId });
    await emitChannelUpdated(ctx, channelId);
  }
  return { role: kept.role, channels: restored.length };
}
