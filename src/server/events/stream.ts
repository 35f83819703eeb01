import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { type ServerEvent, type Topic, topics } from "@/shared/events";
import { db } from "../db/client";
import { channelMembers, supportAgents, workspaceMembers } from "../db/schema";
import { bus } from "./index";
import { metrics } from "../observability/metrics";

/** Every topic a user hears: their own, each workspace they belong to, each channel they are in, and each support inbox they answer. */
export async function topicsForUser(userId: string): Promise<Set<Topic>> {
  const [memberships, channelRows, inboxRows] = await Promise.all([
    db().select({ id: workspaceMembers.workspaceId }).from(workspaceMembers).where(eq(workspaceMembers.userId, userId)),
    db().select({ id: channelMembers.channelId }).from(channelMembers).where(eq(channelMembers.userId, userId)),
    db().select({ id: supportAgents.inboxId }).from(supportAgents).where(eq(supportAgents.userId, userId)),
  ]);
  return new Set<Topic>([
    topics.user(userId),
    ...memberships.map((row) => topics.workspace(row.id)),
    ...channelRows.map((row) => topics.channel(row.id)),
    ...inboxRows.map((row) => topics.inbox(row.id)),
  ]);
}

const bootId = randomUUID().slice(0, 8);
let eventCounter = 0;

/** What a stream needs of its socket to protect the server from a client that stops reading. */
export interface StreamSocket {
  readonly bufferedAmount: number;
  terminate(): void;
}

/** Events that leave in one frame, and the id a reconnecting client names to say it got them. */
export interface StreamedEvents {
  id: string;
  events: ServerEvent[];
}

/** The most events one frame carries: a client far behind catches up in several frames rather than one huge one. */
const MOST_EVENTS_PER_FRAME = 50;

/**
 * How far a client may fall behind before it is cut off: bytes the socket has not yet handed to the network, and
 * events not yet written to it. A cut-off client reconnects and catches up by seq, so nothing is lost, while the
 * server never holds an unbounded backlog for it or slows anyone else down.
 */
export const SEND_BUFFER_LIMIT = 1024 * 1024;
export const QUEUE_LIMIT = 5000;

/**
 * The one stream a browser tab holds: the events of all the user's topics, merged in arrival order. When the
 * user's memberships change, the stream follows the new set of topics without reconnecting.
 */
export function streamUserEvents(userId: string, sessionId: string | undefined, signal: AbortSignal, socket?: StreamSocket): AsyncGenerator<StreamedEvents> {
  return streamTopics(
    {
      topics: () => topicsForUser(userId),
      refollow: (event) => event.type === "membership.changed",
      // Only the tabs of the sessions that ended hear that they did.
      project: (event) => (event.type !== "session.ended" || endsSession(event, sessionId) ? event : null),
      ready: { type: "stream.ready" },
    },
    signal,
    socket,
  );
}

export function endsSession(event: Extract<ServerEvent, { type: "session.ended" }>, sessionId: string | undefined): boolean {
  return sessionId ? event.sessionIds.includes(sessionId) : event.all;
}

export interface StreamPlan<E> {
  /** The topics to hear, asked again whenever an event says they changed. */
  topics: () => Promise<Set<Topic>>;
  refollow: (event: ServerEvent) => boolean;
  /** What of an event this stream passes on, in its own shape; null drops it. */
  project: (event: ServerEvent) => E | null | Promise<E | null>;
  ready: E;
}

/**
 * A stream over a changing set of topics: merged in arrival order, cut off (to reconnect and catch up) when its
 * client stops reading, each event passed through the plan's projection before it leaves.
 */
export async function* streamTopics<E>(plan: StreamPlan<E>, signal: AbortSignal, socket?: StreamSocket): AsyncGenerator<{ id: string; events: E[] }> {
  const queue: ServerEvent[] = [];
  let wake: (() => void) | undefined;
  let cutOff = false;
  const listener = (event: ServerEvent) => {
    if (cutOff) return;
    if (queue.length >= QUEUE_LIMIT || (socket && socket.bufferedAmount > SEND_BUFFER_LIMIT)) {
      cutOff = true;
      metrics().slowConsumerDisconnects.inc();
      queue.length = 0;
      socket?.terminate();
      wake?.();
      return;
    }
    queue.push(event);
    wake?.();
  };
  const subscriptions = new Map<Topic, () => void>();
  const follow = async () => {
    const wanted = await plan.topics();
    for (const [topic, unsubscribe] of subscriptions) {
      if (!wanted.has(topic)) {
        unsubscribe();
        subscriptions.delete(topic);
      }
    }
    for (const topic of wanted) if (!subscriptions.has(topic)) subscriptions.set(topic, bus().subscribe(topic, listener));
    // "ready" promises that nothing published from now on is missed, so it waits for Redis to confirm.
    await bus().settled();
  };
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort);
  metrics().eventStreams.inc();
  try {
    await follow();
    yield { id: `${bootId}-${++eventCounter}`, events: [plan.ready] };
    while (!signal.aborted && !cutOff) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      // Whatever queued while this socket was being written to leaves together: under load, fewer and fuller frames.
      const events = queue.splice(0, MOST_EVENTS_PER_FRAME);
      if (events.some(plan.refollow)) await follow();
      const projected: E[] = [];
      for (const event of events) {
        const shaped = plan.project(event);
        const value = shaped instanceof Promise ? await shaped : shaped;
        if (value !== null) projected.push(value);
      }
      if (projected.length > 0) {
        metrics().eventsDelivered.inc(projected.length);
        yield { id: `${bootId}-${++eventCounter}`, events: projected };
      }
    }
  } finally {
    metrics().eventStreams.dec();
    signal.removeEventListener("abort", onAbort);
    for (const unsubscribe of subscriptions.values()) unsubscribe();
  }
}
