import { eq } from "drizzle-orm";
import { type ServerEvent, type Topic, topics } from "@/shared/events";
import type { VisitorEvent } from "@/shared/support";
import { db } from "../db/client";
import { supportConversations } from "../db/schema";
import { type Author, authorsOf, firstName, visitorMessageOf } from "../queries/support";
import { type StreamSocket, streamTopics } from "./stream";

/**
 * A visitor's widget stream: their own topic and their conversations' channels, with every event reshaped for the
 * visitor or dropped. What passes is an allow-list: messages the visitor may see (never a note, a thread reply or a
 * system line), the team typing outside notes, how far the team read, and their conversations' status.
 */
export function streamVisitorEvents(visitor: { visitorId: string; userId: string }, signal: AbortSignal, socket?: StreamSocket) {
  const conversationIds = new Set<string>();
  // The team changes rarely: each author is looked up once per stream, not once per message.
  const authors = new Map<string, Author | undefined>();
  const authorOf = async (userId: string) => {
    if (!authors.has(userId)) authors.set(userId, (await authorsOf(db(), [userId])).get(userId));
    return authors.get(userId);
  };
  const project = async (event: ServerEvent): Promise<VisitorEvent | null> => {
    switch (event.type) {
      case "message.created":
      case "message.updated": {
        const { message } = event;
        if (!conversationIds.has(message.channelId) || message.threadRootId || message.internal || message.kind !== "user") return null;
        const author = message.authorId ? await authorOf(message.authorId) : undefined;
        return { type: "message", conversationId: message.channelId, message: visitorMessageOf(message, author, visitor.userId) };
      }
      case "typing":
        if (!conversationIds.has(event.channelId) || event.threadRootId || event.internal || event.userId === visitor.userId) return null;
        return { type: "typing", conversationId: event.channelId, name: firstName((await authorOf(event.userId))?.name ?? "Support") };
      case "channel.receipt":
        if (!conversationIds.has(event.channelId) || event.userId === visitor.userId || event.lastReadSeq === null) return null;
        return { type: "read", conversationId: event.channelId, agentsReadSeq: event.lastReadSeq };
      case "support.visitor_conversation":
        return { type: "conversation", conversation: event.conversation };
      default:
        return null;
    }
  };
  return streamTopics<VisitorEvent>(
    {
      topics: async () => {
        const rows = await db().select({ id: supportConversations.id }).from(supportConversations).where(eq(supportConversations.visitorId, visitor.visitorId));
        for (const row of rows) conversationIds.add(row.id);
        return new Set<Topic>([topics.visitor(visitor.visitorId), ...rows.map((row) => topics.channel(row.id))]);
      },
      refollow: (event) => event.type === "support.visitor_conversation" && !conversationIds.has(event.conversation.id),
      project,
      ready: { type: "stream.ready" },
    },
    signal,
    socket,
  );
}
