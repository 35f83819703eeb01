import type { ServerEvent, Topic } from "@/shared/events";

export type Listener = (event: ServerEvent) => void;

export interface EventBus {
  publish(topic: Topic, event: ServerEvent): Promise<void>;
  /** Returns the function that stops listening. */
  subscribe(topic: Topic, listener: Listener): () => void;
  /** Resolves once every subscription made so far is live (Redis confirms SUBSCRIBE asynchronously). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Listeners per topic, shared by both buses: the Redis bus fans out to these after one subscription per topic. */
export class LocalFanout {
  private readonly listeners = new Map<Topic, Set<Listener>>();

  /** Returns true when this is the topic's first listener. */
  add(topic: Topic, listener: Listener): boolean {
    let set = this.listeners.get(topic);
    const first = !set;
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return first;
  }

  /** Returns true when the topic has no listeners left. */
  remove(topic: Topic, listener: Listener): boolean {
    const set = this.listeners.get(topic);
    if (!set?.delete(listener)) return false;
    if (set.size > 0) return false;
    this.listeners.delete(topic);
    return true;
  }

  deliver(topic: Topic, event: ServerEvent): void {
    const set = this.listeners.get(topic);
    if (!set) return;
    for (const listener of set) {
      try {
        listener(event);
      } catch (error) {
        console.error(`[events] a listener on ${topic} threw`, error);
      }
    }
  }

  topicCount(): number {
    return this.listeners.size;
  }
}

export class MemoryBus implements EventBus {
  private readonly fanout = new LocalFanout();

  async publish(topic: Topic, event: ServerEvent): Promise<void> {
    this.fanout.deliver(topic, event);
  }

  subscribe(topic: Topic, listener: Listener): () => void {
    this.fanout.add(topic, listener);
    return () => void this.fanout.remove(topic, listener);
  }

  async settled(): Promise<void> {}

  async close(): Promise<void> {}
}
