import { and, count, eq, gt } from "drizzle-orm";
import { newId } from "@/shared/ids";
import type { Db, Tx } from "../db/client";
import { socketConnections } from "../db/schema";
import { type EventBus, newBus } from "../events";
import { readTicket, signTicket } from "./tickets";

/**
 * Slack's Socket Mode, server side. An app opens a WebSocket (apps.connections.open hands it a short-lived ticket);
 * whichever process holds the socket registers it in the database (and vouches for it every few seconds), and
 * whoever has something for the app (the job worker with an event, a person's command or click) sends the envelope
 * through a bus to that process and waits for the app's ack, which comes back the same way.
 */

/** Slack allows an app ten connections at once. */
export const MAX_CONNECTIONS_PER_APP = 10;
const TICKET_LIFETIME_MS = 30_000;
export const HEARTBEAT_MS = 15_000;
/** A connection whose process has not vouched for it this long is gone (the process died). */
const STALE_AFTER_MS = 3 * HEARTBEAT_MS;

type SocketTopic = `connection:${string}` | `ack:${string}`;
type SocketMessage = { kind: "envelope"; frame: string } | { kind: "ack"; payload: Record<string, unknown> | null };

const globalKey = Symbol.for("confab.socket-mode-bus");
type GlobalWithBus = typeof globalThis & { [globalKey]?: EventBus<SocketTopic, SocketMessage> };

function socketBus(): EventBus<SocketTopic, SocketMessage> {
  const g = globalThis as GlobalWithBus;
  g[globalKey] ??= newBus<SocketTopic, SocketMessage>("socket-mode");
  return g[globalKey];
}

/** What the app's WebSocket URL carries: which app, for a few seconds. */
export const socketTicket = (appId: string, now: Date) => signTicket("socket-mode", { appId }, new Date(now.getTime() + TICKET_LIFETIME_MS));

export const appOfTicket = (ticket: string | null, now: Date) => readTicket<{ appId: string }>("socket-mode", ticket, now)?.appId ?? null;

export const liveSince = (now: Date) => new Date(now.getTime() - STALE_AFTER_MS);

/** The app's connections whose process vouched for them lately. */
const liveConnectionsOf = (appId: string, now: Date) => and(eq(socketConnections.appId, appId), gt(socketConnections.seenAt, liveSince(now)));

export async function liveConnectionCount(database: Db | Tx, appId: string, now: Date): Promise<number> {
  const [row] = await database.select({ n: count() }).from(socketConnections).where(liveConnectionsOf(appId, now));
  return row?.n ?? 0;
}

/** How the process holding a connection hears of envelopes for it, and passes its app's acks back. */
export function onEnvelope(connectionId: string, send: (frame: string) => void): () => void {
  return socketBus().subscribe(`connection:${connectionId}`, (message) => {
    if (message.kind === "envelope") send(message.frame);
  });
}

export function passAck(envelopeId: string, payload: Record<string, unknown> | null) {
  return socketBus().publish(`ack:${envelopeId}`, { kind: "ack", payload });
}

export const socketModeSettled = () => socketBus().settled();

export type EnvelopeType = "events_api" | "slash_commands" | "interactive";
export type Delivery = { delivered: true; payload: Record<string, unknown> | null } | { delivered: false; reason: "no_connection" | "no_ack" };

/**
 * One envelope to one of the app's open sockets, and the app's ack: what it answered (a command's reply), or why
 * there was none in time. Each envelope goes to a single connection, as Slack's do.
 */
export async function sendEnvelope(
  database: Db | Tx,
  appId: string,
  envelope: { type: EnvelopeType; payload: Record<string, unknown>; retryAttempt?: number; retryReason?: string },
  timeoutMs: number,
): Promise<Delivery> {
  const live = await database.select({ id: socketConnections.id }).from(socketConnections).where(liveConnectionsOf(appId, new Date()));
  if (live.length === 0) return { delivered: false, reason: "no_connection" };
  const target = live[Math.floor(Math.random() * live.length)]!;
  const envelopeId = newId();
  const bus = socketBus();
  let stop = () => {};
  const acked = new Promise<Record<string, unknown> | null>((resolve) => {
    stop = bus.subscribe(`ack:${envelopeId}`, (message) => {
      if (message.kind === "ack") resolve(message.payload);
    });
  });
  try {
    // The ack may come back fast: listen for it before the envelope leaves.
    await bus.settled();
    const frame = JSON.stringify({
      envelope_id: envelopeId,
      type: envelope.type,
      payload: envelope.payload,
      accepts_response_payload: envelope.type !== "events_api",
      ...(envelope.type === "events_api" && { retry_attempt: envelope.retryAttempt ?? 0, retry_reason: envelope.retryReason ?? "" }),
    });
    await bus.publish(`connection:${target.id}`, { kind: "envelope", frame });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
    const answer = await Promise.race([acked, timedOut]);
    clearTimeout(timer);
    return answer === "timeout" ? { delivered: false, reason: "no_ack" } : { delivered: true, payload: answer };
  } finally {
    stop();
  }
}

export async function closeSocketModeBus() {
  await (globalThis as GlobalWithBus)[globalKey]?.close();
}
