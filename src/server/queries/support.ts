import { and, asc, desc, eq, gt, inArray, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { MessageView } from "@/shared/messages";
import type { ConversationCounts, ConversationSummary, ConversationView, VisitorConversation, VisitorDetails, VisitorMessage, WidgetConfig } from "@/shared/support";
import { hoursAt } from "@/shared/support";
import { requireWorkspaceAdmin, requireWorkspaceRole } from "../access/workspaces";
import { requireAgentConversation, requireVisitorConversation } from "../access/support";
import { decryptSecret } from "../auth/secrets";
import { type Db, db, type Tx } from "../db/client";
import { channelMembers, channels, messages, supportAgents, supportConversations, supportInboxes, supportSavedReplies, supportVisitors, users } from "../db/schema";
import { presence, type PresenceService } from "../presence";
import { messageColumns, toMessageViews } from "./message-views";

/** What the visitor sees of a conversation: its top-level messages that are not notes between agents. */
export const visibleToVisitor = sql`(${messages.threadRootId} is null and not ${messages.internal} and ${messages.kind} = 'user')`;

const PREVIEW_LENGTH = 140;
const lastMessage = sql<string>`coalesce((select left(${messages.body}, ${PREVIEW_LENGTH}) from ${messages}
  where ${messages.channelId} = ${supportConversations.id} and ${visibleToVisitor} and ${messages.deletedAt} is null
  order by ${messages.seq} desc limit 1), '')`;

const summaryColumns = {
  id: supportConversations.id,
  inboxId: supportConversations.inboxId,
  inboxName: supportInboxes.name,
  status: supportConversations.status,
  assigneeId: supportConversations.assigneeId,
  visitorUserId: supportVisitors.userId,
  visitorName: users.name,
  visitorEmail: supportVisitors.email,
  lastSeq: channels.lastSeq,
  lastMessage,
  lastActivityAt: supportConversations.lastActivityAt,
  createdAt: supportConversations.createdAt,
  closedAt: supportConversations.closedAt,
  rating: supportConversations.rating,
};

function summariesQuery(database: Db | Tx, where: SQL | undefined) {
  return database
    .select(summaryColumns)
    .from(supportConversations)
    .innerJoin(supportInboxes, eq(supportInboxes.id, supportConversations.inboxId))
    .innerJoin(channels, eq(channels.id, supportConversations.id))
    .innerJoin(supportVisitors, eq(supportVisitors.id, supportConversations.visitorId))
    .innerJoin(users, eq(users.id, supportVisitors.userId))
    .where(where);
}

type SummaryRow = Awaited<ReturnType<typeof summariesQuery>>[number];

const toSummary = ({ visitorUserId, visitorName, visitorEmail, ...row }: SummaryRow): ConversationSummary => ({
  ...row,
  visitor: { userId: visitorUserId, name: visitorName, email: visitorEmail },
});

export async function conversationSummary(database: Db | Tx, conversationId: string): Promise<ConversationSummary> {
  const [row] = await summariesQuery(database, eq(supportConversations.id, conversationId));
  return toSummary(row!);
}

/** Conversations of the inboxes this person answers, in the workspace. */
const answeredBy = (userId: string, workspaceId: string) =>
  and(
    eq(supportInboxes.workspaceId, workspaceId),
    sql`exists (select 1 from ${supportAgents} where ${supportAgents.inboxId} = ${supportConversations.inboxId} and ${supportAgents.userId} = ${userId})`,
  );

const VIEW_FILTERS: Record<ConversationView, (userId: string) => SQL> = {
  unassigned: () => and(eq(supportConversations.status, "open"), isNull(supportConversations.assigneeId))!,
  mine: (userId) => and(eq(supportConversations.status, "open"), eq(supportConversations.assigneeId, userId))!,
  open: () => eq(supportConversations.status, "open"),
  closed: () => eq(supportConversations.status, "closed"),
};

export async function listConversations(userId: string, input: { workspaceId: string; view: ConversationView; limit: number }): Promise<ConversationSummary[]> {
  await requireWorkspaceRole(db(), input.workspaceId, userId);
  const rows = await summariesQuery(db(), and(answeredBy(userId, input.workspaceId), VIEW_FILTERS[input.view](userId)))
    .orderBy(desc(supportConversations.lastActivityAt))
    .limit(input.limit);
  return rows.map(toSummary);
}

export async function conversationCounts(userId: string, workspaceId: string): Promise<ConversationCounts & { answering: boolean }> {
  await requireWorkspaceRole(db(), workspaceId, userId);
  const count = (filter: SQL) => sql<number>`count(*) filter (where ${filter})::int`;
  const [row] = await db()
    .select({
      unassigned: count(VIEW_FILTERS.unassigned(userId)),
      mine: count(VIEW_FILTERS.mine(userId)),
      open: count(VIEW_FILTERS.open(userId)),
      closed: count(VIEW_FILTERS.closed(userId)),
    })
    .from(supportConversations)
    .innerJoin(supportInboxes, eq(supportInboxes.id, supportConversations.inboxId))
    .where(answeredBy(userId, workspaceId));
  const [agent] = await db()
    .select({ inboxId: supportAgents.inboxId })
    .from(supportAgents)
    .innerJoin(supportInboxes, eq(supportInboxes.id, supportAgents.inboxId))
    .where(and(eq(supportAgents.userId, userId), eq(supportInboxes.workspaceId, workspaceId)))
    .limit(1);
  return { ...row!, answering: Boolean(agent) };
}

/** The side panel: who the visitor is, where they are, and what they asked before. */
export async function visitorDetails(userId: string, conversationId: string): Promise<ConversationSummary & { details: VisitorDetails; team: string[] }> {
  const { conversation, inbox } = await requireAgentConversation(db(), conversationId, userId);
  const [visitor] = await db()
    .select({ visitor: supportVisitors, name: users.name })
    .from(supportVisitors)
    .innerJoin(users, eq(users.id, supportVisitors.userId))
    .where(eq(supportVisitors.id, conversation.visitorId));
  const previous = await db()
    .select({ id: supportConversations.id, status: supportConversations.status, createdAt: supportConversations.createdAt, lastMessage })
    .from(supportConversations)
    .where(and(eq(supportConversations.visitorId, conversation.visitorId), ne(supportConversations.id, conversationId)))
    .orderBy(desc(supportConversations.createdAt))
    .limit(20);
  const online = (await presence().presenceOf([visitor!.visitor.userId])).has(visitor!.visitor.userId);
  const team = await db().select({ userId: supportAgents.userId }).from(supportAgents).where(eq(supportAgents.inboxId, inbox.id));
  const { visitor: row, name } = visitor!;
  return {
    ...(await conversationSummary(db(), conversationId)),
    details: {
      userId: row.userId,
      name,
      email: row.email,
      fields: row.fields,
      fieldLabels: Object.fromEntries(inbox.prechat.fields.map((field) => [field.key, field.label])),
      pageUrl: row.pageUrl,
      referrer: row.referrer,
      userAgent: row.userAgent,
      timeZone: row.timeZone,
      verifiedId: inbox.verifyIdentity ? row.externalId : null,
      online,
      previous,
    },
    team: team.map((agent) => agent.userId),
  };
}

/** An inbox as its settings show it, the identity secret included (admins paste it into their website's server). */
export async function inboxSettings(database: Db | Tx, inbox: typeof supportInboxes.$inferSelect) {
  const agents = await database.select({ userId: supportAgents.userId }).from(supportAgents).where(eq(supportAgents.inboxId, inbox.id));
  const { identitySecretEncrypted, ...shown } = inbox;
  return { ...shown, identitySecret: decryptSecret(identitySecretEncrypted), agentIds: agents.map((agent) => agent.userId) };
}

export async function listInboxes(userId: string, workspaceId: string) {
  await requireWorkspaceAdmin(db(), workspaceId, userId);
  const inboxes = await db().select().from(supportInboxes).where(eq(supportInboxes.workspaceId, workspaceId)).orderBy(asc(supportInboxes.createdAt));
  return Promise.all(inboxes.map((inbox) => inboxSettings(db(), inbox)));
}

/** Saved replies of the inboxes this person answers in the workspace. */
export async function listSavedReplies(userId: string, workspaceId: string) {
  await requireWorkspaceRole(db(), workspaceId, userId);
  return db()
    .select({ id: supportSavedReplies.id, inboxId: supportSavedReplies.inboxId, shortcut: supportSavedReplies.shortcut, body: supportSavedReplies.body })
    .from(supportSavedReplies)
    .innerJoin(supportInboxes, eq(supportInboxes.id, supportSavedReplies.inboxId))
    .innerJoin(supportAgents, and(eq(supportAgents.inboxId, supportSavedReplies.inboxId), eq(supportAgents.userId, userId)))
    .where(eq(supportInboxes.workspaceId, workspaceId))
    .orderBy(asc(supportSavedReplies.shortcut));
}

/** Whether the inbox is open now, someone on its team is active, and when it opens if not. */
export async function inboxAvailability(database: Db | Tx, inbox: Pick<typeof supportInboxes.$inferSelect, "id" | "hours">, presence: PresenceService, now: Date) {
  const hours = hoursAt(inbox.hours, now);
  const agents = await database.select({ userId: supportAgents.userId }).from(supportAgents).where(eq(supportAgents.inboxId, inbox.id));
  const states = await presence.presenceOf(agents.map((agent) => agent.userId));
  const someoneActive = [...states.values()].some((state) => state === "active");
  return { withinHours: hours.open, opensAt: hours.opensAt, online: hours.open && someoneActive };
}

export async function widgetConfig(database: Db | Tx, inbox: typeof supportInboxes.$inferSelect, presence: PresenceService, now: Date): Promise<WidgetConfig> {
  return {
    inboxId: inbox.id,
    name: inbox.name,
    greeting: inbox.greeting,
    color: inbox.color,
    prechat: inbox.prechat,
    verifyIdentity: inbox.verifyIdentity,
    ...(await inboxAvailability(database, inbox, presence, now)),
  };
}

/** How far the team has read each conversation: the furthest any agent got. */
const agentsReadSeq = sql<number>`coalesce((select max(${channelMembers.lastReadSeq}) from ${channelMembers} where ${channelMembers.channelId} = ${supportConversations.id}), 0)::int`;

export async function visitorConversations(database: Db | Tx, visitorId: string, conversationId?: string): Promise<VisitorConversation[]> {
  return database
    .select({
      id: supportConversations.id,
      status: supportConversations.status,
      createdAt: supportConversations.createdAt,
      lastMessage,
      rating: supportConversations.rating,
      agentsReadSeq,
      visitorReadSeq: supportConversations.visitorReadSeq,
    })
    .from(supportConversations)
    .where(and(eq(supportConversations.visitorId, visitorId), conversationId ? eq(supportConversations.id, conversationId) : undefined))
    .orderBy(desc(supportConversations.createdAt))
    .limit(50);
}

const VISITOR_HISTORY_LIMIT = 200;

/** An agent shows to visitors by first name and picture; nothing else of them. */
export const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

export type Author = { name: string; image: string | null };

/** A message as the visitor sees it: the agent by first name (and picture), nothing the team alone should see. */
export function visitorMessageOf(view: MessageView, author: Author | undefined, visitorUserId: string): VisitorMessage {
  const fromVisitor = view.authorId === visitorUserId;
  return {
    id: view.id,
    seq: view.seq,
    fromVisitor,
    authorName: fromVisitor ? (author?.name ?? "You") : firstName(author?.name ?? "Support"),
    authorImage: fromVisitor ? null : (author?.image ?? null),
    body: view.body,
    files: view.files.map(({ id, name, size, mimeType, kind, width, height, hasThumbnail }) => ({ id, name, size, mimeType, kind, width, height, hasThumbnail })),
    clientNonce: fromVisitor ? view.clientNonce : null,
    createdAt: view.createdAt,
    editedAt: view.editedAt,
    deletedAt: view.deletedAt,
  };
}

export async function authorsOf(database: Db | Tx, authorIds: string[]): Promise<Map<string, Author>> {
  if (authorIds.length === 0) return new Map();
  const rows = await database.select({ id: users.id, name: users.name, image: users.image }).from(users).where(inArray(users.id, [...new Set(authorIds)]));
  return new Map(rows.map(({ id, ...author }) => [id, author]));
}

export async function toVisitorMessages(database: Db | Tx, rows: Array<typeof messages.$inferSelect | Omit<typeof messages.$inferSelect, "search">>, visitorUserId: string): Promise<VisitorMessage[]> {
  if (rows.length === 0) return [];
  const views = await toMessageViews(database, rows);
  const authors = await authorsOf(database, rows.flatMap((row) => (row.authorId ? [row.authorId] : [])));
  return views.map((view) => visitorMessageOf(view, view.authorId ? authors.get(view.authorId) : undefined, visitorUserId));
}

/** The visitor's view of one conversation: the newest messages, or those after a seq (catching up). */
export async function visitorHistory(database: Db | Tx, conversationId: string, visitorUserId: string, afterSeq?: number): Promise<VisitorMessage[]> {
  const rows = await database
    .select(messageColumns)
    .from(messages)
    .where(and(eq(messages.channelId, conversationId), visibleToVisitor, afterSeq !== undefined ? gt(messages.seq, afterSeq) : undefined))
    .orderBy(afterSeq !== undefined ? asc(messages.seq) : desc(messages.seq))
    .limit(VISITOR_HISTORY_LIMIT);
  if (afterSeq === undefined) rows.reverse();
  return toVisitorMessages(database, rows, visitorUserId);
}

export function visitorConversationList(visitor: { visitorId: string }) {
  return visitorConversations(db(), visitor.visitorId);
}

export async function visitorConversationHistory(visitor: { visitorId: string; userId: string }, input: { conversationId: string; afterSeq?: number }) {
  await requireVisitorConversation(db(), input.conversationId, visitor.visitorId);
  return visitorHistory(db(), input.conversationId, visitor.userId, input.afterSeq);
}

/** The websites that may frame an inbox's widget; none for an unknown key. */
export async function inboxFramePolicy(inboxKey: string): Promise<string[]> {
  const [inbox] = await db().select({ origins: supportInboxes.allowedOrigins }).from(supportInboxes).where(eq(supportInboxes.key, inboxKey));
  return inbox?.origins ?? [];
}

/** How far a conversation's visitor has read, as a read receipt. */
export function visitorReceipt(database: Db | Tx, conversationId: string) {
  return database
    .select({ userId: supportVisitors.userId, lastReadSeq: supportConversations.visitorReadSeq })
    .from(supportConversations)
    .innerJoin(supportVisitors, eq(supportVisitors.id, supportConversations.visitorId))
    .where(eq(supportConversations.id, conversationId));
}
