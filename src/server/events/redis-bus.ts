import { Redis } from "ioredis";
import type { ServerEvent, Topic } from "@/shared/events";
import { type EventBus, type Listener, LocalFanout } from "./bus";
import { deserializeEvent, serializeEvent } from "./serialized";

const CHANNEL_PREFIX = "confab:events:";

/**
 * Redis pub/sub across server processes. Each process subscribes once per topic that has local listeners
 * (reference-counted by LocalFanout) and fans out in memory, so Redis traffic does not grow with connected clients.
 */
export class RedisBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly fanout = new LocalFanout();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(url: string) {
    // Auto-pipelining: the events one action publishes, and those of concurrent actions, leave in one write.
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3, enableAutoPipelining: true });
    this.subscriber = new Redis(url, { lazyConnect: false });
    this.subscriber.on("message", (channel: string, payload: string) => {
      this.fanout.deliver(channel.slice(CHANNEL_PREFIX.length) as Topic, deserializeEvent(payload));
    });
    for (const client of [this.publisher, this.subscriber]) {
      client.on("error", (error) => console.error("[events] redis:", error.message));
    }
  }

  async publish(topic: Topic, event: ServerEvent): Promise<void> {
    await this.publisher.publish(CHANNEL_PREFIX + topic, serializeEvent(event));
  }

  subscribe(topic: Topic, listener: Listener): () => void {
    if (this.fanout.add(topic, listener)) {
      const subscribing = this.subscriber.subscribe(CHANNEL_PREFIX + topic).finally(() => this.pending.delete(subscribing));
      this.pending.add(subscribing);
    }
    return () => {
      if (this.fanout.remove(topic, listener)) void this.subscriber.unsubscribe(CHANNEL_PREFIX + topic);
    };
  }

  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }
}
