import { Redis } from "ioredis";
import { env } from "@/env";
import type { ServerEvent, Topic } from "@/shared/events";
import { type EventBus, type Listener, LocalFanout } from "./bus";
import { deserializeEvent, serializeEvent } from "./serialized";
import { log } from "../observability/log";
import { metrics, timed } from "../observability/metrics";


// A lost Redis connection is retried by ioredis; what failed meanwhile (including the unsubscribes of streams that
// end while a process shuts down) is logged rather than left as an unhandled rejection.
const reportRedisError = (error: Error) => log().error({ reason: error.message }, "[events] redis");

/**
 * Redis pub/sub across server processes. Each process subscribes once per topic that has local listeners
 * (reference-counted by LocalFanout) and fans out in memory, so Redis traffic does not grow with connected clients.
 */
export class RedisBus<T extends string = Topic, E extends object = ServerEvent> implements EventBus<T, E> {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly fanout = new LocalFanout<T, E>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly channelPrefix: string;

  /** `name` keeps buses of different messages apart on the same Redis. */
  constructor(url: string, name = "events") {
    this.channelPrefix = `${env().REDIS_KEY_PREFIX}:${name}:`;
    // Auto-pipelining: the events one action publishes, and those of concurrent actions, leave in one write.
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3, enableAutoPipelining: true });
    this.subscriber = new Redis(url, { lazyConnect: false });
    this.subscriber.on("message", (channel: string, payload: string) => {
      this.fanout.deliver(channel.slice(this.channelPrefix.length) as T, deserializeEvent<E>(payload));
    });
    for (const client of [this.publisher, this.subscriber]) {
      client.on("error", reportRedisError);
    }
  }

  async publish(topic: T, event: E): Promise<void> {
    await timed(metrics().redisSeconds, { operation: "publish" }, () => this.publisher.publish(this.channelPrefix + topic, serializeEvent(event)));
  }

  subscribe(topic: T, listener: Listener<E>): () => void {
    if (this.fanout.add(topic, listener)) {
      const subscribing = this.subscriber
        .subscribe(this.channelPrefix + topic)
        .catch(reportRedisError)
        .finally(() => this.pending.delete(subscribing));
      this.pending.add(subscribing);
    }
    return () => {
      if (this.fanout.remove(topic, listener)) this.subscriber.unsubscribe(this.channelPrefix + topic).catch(reportRedisError);
    };
  }

  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }
}
