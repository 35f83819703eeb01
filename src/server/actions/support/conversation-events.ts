import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import { topics } from "@/shared/events";
import type { Db, Tx } from "../../db/client";
import { channelMembers, supportAgents, supportConversations, users } from "../../db/schema";
import { conversationSummary, visitorConversations } from "../../queries/support";
import type { ActionContext } from "../context";
import { addToChannel } from "../channels/add-to-channel";
import { removeFromChannel } from "../channels/remove-from-channel";

/** Tells the inbox's team (their lists and counts) and the visitor's widget that a conversation changed. */
export async function emitConversation(ctx: Pick<ActionContext, "tx" | "emit">, conversationId: string) {
  const conversation = await conversationSummary(ctx.tx, conversationId);
  ctx.emit(topics.inbox(conversation.inboxId), { type: "support.conversation", conversation });
  const [row] = await ctx.tx.select({ visitorId: supportConversations.visitorId }).from(supportConversations).where(eq(supportConversations.id, conversationId));
  const [forVisitor] = await visitorConversations(ctx.tx, row!.visitorId, conversationId);
  ctx.emit(topics.visitor(row!.visitorId), { type: "support.visitor_conversation", conversation: forVisitor! });
  return conversation;
}

/**
 * Who is told about every message of an open conversation: the whole team while nobody has it, then its assignee
 * alone (the others still see it, unread, in All open).
 */
export async function setConversationNotifications(ctx: Pick<ActionContext, "tx">, conversationId: string, assigneeId: string | null) {
  await ctx.tx
    .update(channelMembers)
    .set({ notifyLevel: sql`case when ${assigneeId === null ? sql`true` : sql`${channelMembers.userId} = ${assigneeId}`} then 'all' else null end` })
    .where(eq(channelMembers.channelId, conversationId));
}

/** An open conversation's channel holds the inbox's team: they hear its messages and may answer. */
export async function seatTeam(ctx: ActionContext, conversationId: string, inboxId: string, assigneeId: string | null) {
  const team = await ctx.tx.select({ userId: supportAgents.userId }).from(supportAgents).where(eq(supportAgents.inboxId, inboxId));
  await addToChannel(ctx, conversationId, team.map((agent) => agent.userId));
  await setConversationNotifications(ctx, conversationId, assigneeId);
}

/** A closed conversation holds no one: the team can still read it (they answer its inbox), but nobody's stream carries it. */
export async function unseatTeam(ctx: ActionContext, conversationId: string) {
  const seated = await ctx.tx.select({ userId: channelMembers.userId }).from(channelMembers).where(eq(channelMembers.channelId, conversationId));
  for (const { userId } of seated) await removeFromChannel(ctx, conversationId, userId);
}

/** After a team change: every open conversation of the inbox holds exactly the new team. */
export async function reseatOpenConversations(ctx: ActionContext, inboxId: string) {
  const open = await ctx.tx
    .select({ id: supportConversations.id, assigneeId: supportConversations.assigneeId })
    .from(supportConversations)
    .where(and(eq(supportConversations.inboxId, inboxId), eq(supportConversations.status, "open")));
  const team = (await ctx.tx.select({ userId: supportAgents.userId }).from(supportAgents).where(eq(supportAgents.inboxId, inboxId))).map((agent) => agent.userId);
  for (const conversation of open) {
    const leaving = await ctx.tx
      .select({ userId: channelMembers.userId })
      .from(channelMembers)
      .where(and(eq(channelMembers.channelId, conversation.id), team.length ? notInArray(channelMembers.userId, team) : undefined));
    for (const { userId } of leaving) await removeFromChannel(ctx, conversation.id, userId);
    const assigneeId = conversation.assigneeId && team.includes(conversation.assigneeId) ? conversation.assigneeId : null;
    if (assigneeId !== conversation.assigneeId) await ctx.tx.update(supportConversations).set({ assigneeId: null }).where(eq(supportConversations.id, conversation.id));
    await seatTeam(ctx, conversation.id, inboxId, assigneeId);
    await emitConversation(ctx, conversation.id);
  }
}

/**
 * Automatic assignment, round robin: the agent given a conversation longest ago among those active now and under
 * the inbox's limit of open conversations each. Null when nobody qualifies (the conversation waits in Unassigned).
 */
export async function pickAgent(ctx: Pick<ActionContext, "tx" | "services">, inbox: { id: string; autoAssignLimit: number }): Promise<string | null> {
  if (inbox.autoAssignLimit === 0) return null;
  const agents = await ctx.tx
    .select({
      userId: supportAgents.userId,
      lastAssignedAt: supportAgents.lastAssignedAt,
      open: sql<number>`(select count(*)::int from ${supportConversations} where ${supportConversations.inboxId} = ${inbox.id}
        and ${supportConversations.assigneeId} = ${supportAgents.userId} and ${supportConversations.status} = 'open')`,
    })
    .from(supportAgents)
    .where(eq(supportAgents.inboxId, inbox.id))
    // Locked in an order that never changes: by the time given, which each assignment moves, two conversations
    // starting at once each held an agent the other waited for (a deadlock, seen with 20 visitors at a time).
    .orderBy(asc(supportAgents.userId))
    .for("update", { of: supportAgents });
  const longestWaiting = (agent: (typeof agents)[number]) => agent.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  agents.sort((a, b) => longestWaiting(a) - longestWaiting(b));
  const states = await ctx.services.presence.presenceOf(agents.map((agent) => agent.userId));
  const chosen = agents.find((agent) => states.get(agent.userId) === "active" && agent.open < inbox.autoAssignLimit);
  if (!chosen) return null;
  await ctx.tx.update(supportAgents).set({ lastAssignedAt: ctx.services.clock.now() }).where(and(eq(supportAgents.inboxId, inbox.id), eq(supportAgents.userId, chosen.userId)));
  return chosen.userId;
}

/** A person's name, for the system lines of a conversation ("Assigned to Ann"). */
export async function nameOf(tx: Db | Tx, userId: string) {
  const [person] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return person?.name ?? "someone";
}
