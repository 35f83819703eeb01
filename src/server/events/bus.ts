import type { ServerEvent, Topic } from "@/shared/events";
import { log } from "../observability/log";

export type Listener<E = ServerEvent> = (event: E) => void;

/**
 * Publish/subscribe by topic, within the process or across processes. Browsers' events are the default; the server
 * also passes its own messages between processes this way (Socket Mode envelopes), on buses of their own types.
 */
export interface EventBus<T extends string = Topic, E = ServerEvent> {
  publish(topic: T, event: E): Promise<void>;
  /** Returns the function that stops listening. */
  subscribe(topic: T, listener: Listener<E>): () => void;
  /** Resolves once every subscription made so far is live (Redis confirms SUBSCRIBE asynchronously). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Listeners per topic, shared by both buses: the Redis bus fans out to these after one subscription per topic. */
export class LocalFanout<T extends string = Topic, E = ServerEvent> {
  private readonly listeners = new Map<T, Set<Listener<E>>>();

  /** Returns true when this is the topic's first listener. */
  add(topic: T, listener: Listener<E>): boolean {
    let set = this.listeners.get(topic);
    const first = !set;
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return first;
  }

  /** Returns true when the topic has no listeners left. */
  remove(topic: T, listener: Listener<E>): boolean {
    const set = this.listeners.get(topic);
    if (!set?.delete(listener)) return false;
    if (set.size > 0) return false;
    this.listeners.delete(topic);
    return true;
  }

  deliver(topic: T, event: E): void {
    const set = this.listeners.get(topic);
    if (!set) return;
    for (const listener of set) {
      try {
        listener(event);
      } catch (error) {
        log().error({ err: error, topic }, "[events] a listener threw");
      }
    }
  }

  topicCount(): number {
    return this.listeners.size;
  }
}

export class MemoryBus<T extends string = Topic, E = ServerEvent> implements EventBus<T, E> {
  private readonly fanout = new LocalFanout<T, E>();

  async publish(topic: T, event: E): Promise<void> {
    this.fanout.deliver(topic, event);
  }

  subscribe(topic: T, listener: Listener<E>): () => void {
    this.fanout.add(topic, listener);
    return () => void this.fanout.remove(topic, listener);
  }

  async settled(): Promise<void> {}

  async close(): Promise<void> {}
}
