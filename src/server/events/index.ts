import { env } from "@/env";
import type { ServerEvent, Topic } from "@/shared/events";
import { db, type Tx } from "../db/client";
import { type EventBus, MemoryBus } from "./bus";
import { RedisBus } from "./redis-bus";

export type { EventBus } from "./bus";

// One bus per process, shared by the custom server and Next's separate module graph.
const globalKey = Symbol.for("confab.bus");
type GlobalWithBus = typeof globalThis & { [globalKey]?: EventBus };

/** A bus across the server's processes through Redis when there is one, else within this process; `name` keeps buses of different messages apart. */
export function newBus<T extends string = Topic, E extends object = ServerEvent>(name = "events"): EventBus<T, E> {
  return env().REDIS_URL ? new RedisBus<T, E>(env().REDIS_URL!, name) : new MemoryBus<T, E>();
}

export function bus(): EventBus {
  const g = globalThis as GlobalWithBus;
  g[globalKey] ??= newBus();
  return g[globalKey];
}

export function setBus(next: EventBus | undefined): void {
  (globalThis as GlobalWithBus)[globalKey] = next;
}

export type Emit = (topic: Topic, event: ServerEvent) => void;

/**
 * Runs an action whose writes are committed when `work` resolves (one statement, or a transaction inside), then
 * publishes the events it queued: a write that failed never tells anyone anything.
 */
export async function publishing<T>(work: (emit: Emit) => Promise<T>): Promise<T> {
  const queued: Array<[Topic, ServerEvent]> = [];
  const result = await work((topic, event) => void queued.push([topic, event]));
  await Promise.all(queued.map(([topic, event]) => bus().publish(topic, event)));
  return result;
}

/** One transaction for an action; its events are published only after the commit. */
export function inTransaction<T>(work: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  return publishing((emit) => db().transaction((tx) => work(tx, emit)));
}
