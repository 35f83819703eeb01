import { and, type AnyColumn, eq, gte, sql } from "drizzle-orm";
import { requireWorkspaceAdmin } from "../access/workspaces";
import { db } from "../db/client";
import { supportConversations, supportInboxes, users } from "../db/schema";

const seconds = (from: AnyColumn, to: AnyColumn) => sql`extract(epoch from (${to} - ${from}))`;
const percentile = (fraction: number, value: ReturnType<typeof seconds>) => sql<number | null>`percentile_cont(${fraction}) within group (order by ${value})::float`;

const figures = {
  conversations: sql<number>`count(*)::int`,
  firstResponseMedian: percentile(0.5, seconds(supportConversations.createdAt, supportConversations.firstResponseAt)),
  firstResponseP90: percentile(0.9, seconds(supportConversations.createdAt, supportConversations.firstResponseAt)),
  resolutionMedian: percentile(0.5, seconds(supportConversations.createdAt, supportConversations.closedAt)),
  resolutionP90: percentile(0.9, seconds(supportConversations.createdAt, supportConversations.closedAt)),
  rated: sql<number>`count(${supportConversations.rating})::int`,
  averageRating: sql<number | null>`avg(${supportConversations.rating})::float`,
};

/**
 * The live-chat report for admins, over the last N days: conversations per day, first response and resolution
 * times (median and p90, in seconds), ratings, and the same per agent (whoever has the conversation).
 */
export async function supportReport(userId: string, input: { workspaceId: string; days: number }) {
  await requireWorkspaceAdmin(db(), input.workspaceId, userId);
  const since = new Date(Date.now() - input.days * 24 * 60 * 60_000);
  const scope = and(eq(supportInboxes.workspaceId, input.workspaceId), gte(supportConversations.createdAt, since));
  const day = sql<string>`to_char(date_trunc('day', ${supportConversations.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const [totals, perDay, ratings, perAgent] = await Promise.all([
    db().select(figures).from(supportConversations).innerJoin(supportInboxes, eq(supportInboxes.id, supportConversations.inboxId)).where(scope),
    db()
      .select({ day, conversations: figures.conversations })
      .from(supportConversations)
      .innerJoin(supportInboxes, eq(supportInboxes.id, supportConversations.inboxId))
      .where(scope)
      .groupBy(day)
      .orderBy(day),
    db()
      .select({ rating: supportConversations.rating, count: figures.conversations })
      .from(supportConversations)
      .innerJoin(supportInboxes, eq(supportInboxes.id, supportConversations.inboxId))
      .where(and(scope, sql`${supportConversations.rating} is not null`))
      .groupBy(supportConversations.rating)
      .orderBy(supportConversations.rating),
    db()
      .select({ agentId: supportConversations.assigneeId, name: users.name, ...figures })
      .from(supportConversations)
      .innerJoin(supportInboxes, eq(supportInboxes.id, supportConversations.inboxId))
      .innerJoin(users, eq(users.id, supportConversations.assigneeId))
      .where(scope)
      .groupBy(supportConversations.assigneeId, users.name)
      .orderBy(users.name),
  ]);
  return { since, totals: totals[0]!, perDay, ratings: ratings.map((row) => ({ rating: row.rating!, count: row.count })), perAgent };
}
