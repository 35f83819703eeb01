import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus metrics (`/metrics`). One registry per process, on globalThis: Next's route handlers load
 * their own copy of this module, and two registries would each count half of what happened.
 */
function createMetrics() {
  const registry = new Registry();
  // CPU, memory, heap spaces, garbage collection, event-loop lag, handles: prom-client's process collectors.
  collectDefaultMetrics({ register: registry, prefix: "confab_", eventLoopMonitoringPrecision: 20 });
  const registers = [registry];
  return {
    registry,
    socketsConnected: new Gauge({ name: "confab_websocket_connections", help: "WebSocket connections open (tRPC and Slack Socket Mode)", labelNames: ["kind"], registers }),
    eventStreams: new Gauge({ name: "confab_event_streams", help: "Event streams open (a browser tab's, or a live-chat widget's)", registers }),
    eventsDelivered: new Counter({ name: "confab_events_delivered_total", help: "Events written to event streams", registers }),
    slowConsumerDisconnects: new Counter({ name: "confab_slow_consumer_disconnects_total", help: "Streams cut off for falling too far behind (they reconnect and catch up)", registers }),
    procedureSeconds: new Histogram({
      name: "confab_trpc_duration_seconds",
      help: "tRPC queries and mutations, from call to answer (messages.send is the send latency)",
      labelNames: ["procedure", "outcome"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    httpRequests: new Counter({ name: "confab_http_requests_total", help: "HTTP requests answered, by door and status class", labelNames: ["door", "status"], registers }),
    dbQuerySeconds: new Histogram({ name: "confab_db_query_duration_seconds", help: "Database statements, from sending to the last row", buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers }),
    dbQueriesInFlight: new Gauge({ name: "confab_db_queries_in_flight", help: "Statements sent and not yet answered (against confab_db_pool_size)", registers }),
    dbPoolSize: new Gauge({ name: "confab_db_pool_size", help: "Connections the database pool may open", registers }),
    jobQueueDepth: new Gauge({ name: "confab_job_queue_depth", help: "Background jobs due and not yet run", registers }),
    jobsFailed: new Counter({ name: "confab_job_failures_total", help: "Background job attempts that failed", labelNames: ["kind"], registers }),
    redisSeconds: new Histogram({ name: "confab_redis_round_trip_seconds", help: "Round trips to Redis: event publishes", labelNames: ["operation"], buckets: [0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1], registers }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
const globalKey = Symbol.for("confab.metrics");
type GlobalWithMetrics = typeof globalThis & { [globalKey]?: Metrics };

export function metrics(): Metrics {
  const holder = globalThis as GlobalWithMetrics;
  holder[globalKey] ??= createMetrics();
  return holder[globalKey];
}

/** Times a promise into a histogram; the promise's own outcome is passed through untouched. */
export async function timed<T>(histogram: Histogram<string>, labels: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const end = histogram.startTimer(labels);
  try {
    return await work();
  } finally {
    end();
  }
}
