/**
 * Clients that talk to the server as the browser does: a session cookie signed like next-auth's, tRPC over HTTP
 * (superjson) for calls, and tRPC over WebSocket for the event stream, speaking tRPC's wire protocol directly so that a
 * few thousand of them fit in one load-generating process.
 */
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { WebSocket } from "ws";
import { percentile, TEST_AUTH_SECRET } from "./support";

const COOKIE = "authjs.session-token";

export async function sessionCookie(userId: string) {
  return `${COOKIE}=${await encode({ token: { sub: userId }, secret: TEST_AUTH_SECRET, salt: COOKIE })}`;
}

const FRAME_STAMPS = / t=(\d+(?:\.\d+)?)\\"/g;
const STREAM_FRAME = '{"id":1,';
// The event is itself serialized JSON inside the frame, so its quotes arrive escaped.
const MESSAGE_CREATED = '\\"type\\":\\"message.created\\"';

/**
 * One delivery window: the time each send was scheduled to go out, and what reached its receivers. A send carries
 * its scheduled time rather than the time it left, so when the load generator or the server fell behind, the wait
 * is inside its latency; a time outside the schedule (a straggler from an earlier window) counts for nothing.
 */
export class Deliveries {
  readonly latencies: number[] = [];
  delivered = 0;
  lastAt = 0;
  private readonly arrivals: Map<string, number>;

  constructor(
    private readonly schedule: number[],
    private readonly recipients: number,
  ) {
    this.arrivals = new Map(schedule.map((at) => [at.toFixed(3), 0]));
  }

  get sends() {
    return this.schedule.length;
  }

  get expected() {
    return this.schedule.length * this.recipients;
  }

  scheduledAt(index: number) {
    return this.schedule[index]!;
  }

  stamp(index: number, body: string) {
    return `${body} t=${this.schedule[index]!.toFixed(3)}`;
  }

  record(scheduledAt: string) {
    const count = this.arrivals.get(scheduledAt);
    if (count === undefined || count === this.recipients) return;
    this.arrivals.set(scheduledAt, count + 1);
    this.delivered++;
    this.lastAt = performance.now();
    this.latencies.push(this.lastAt - Number(scheduledAt));
  }

  /**
   * Percentiles over every expected delivery: one that never came (its send failed, was never sent, or its receiver
   * was cut off) counts as arriving at `gaveUpAt`, the least it would have taken, so losses raise the tail rather than
   * drop out of it.
   */
  percentiles(gaveUpAt: number, ...ps: number[]) {
    const all = [...this.latencies];
    for (const at of this.schedule) for (let missing = this.recipients - this.arrivals.get(at.toFixed(3))!; missing > 0; missing--) all.push(gaveUpAt - at);
    all.sort((a, b) => a - b);
    return ps.map((p) => percentile(all, p));
  }
}

/** A session cookie, or the headers a caller without one sends (the widget's visitor token). */
type Credentials = string | Record<string, string>;
const headersOf = (credentials: Credentials) => (typeof credentials === "string" ? { cookie: credentials } : credentials);

export async function trpcMutation<T>(baseUrl: string, credentials: Credentials, path: string, input: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/trpc/${path}`, { method: "POST", headers: { ...headersOf(credentials), "content-type": "application/json" }, body: JSON.stringify({ json: input }) });
  const answer = (await response.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
  if (!answer.result) throw new Error(`${path}: ${answer.error?.json.message ?? response.status}`);
  return answer.result.data.json;
}

export async function trpcQuery<T>(baseUrl: string, cookie: string, path: string, input: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { cookie } });
  const answer = (await response.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
  if (!answer.result) throw new Error(`${path}: ${answer.error?.json.message ?? response.status}`);
  return answer.result.data.json;
}

/** The Web API's refusal to go faster (HTTP 429), told apart from other refusals so a bench can count it. */
export class SlackRateLimited extends Error {}

/** A Slack Web API call as Slack's SDKs make it: a form body, the bot token as a bearer; `ok: false` throws. */
export async function slackCall(baseUrl: string, token: string, method: string, args: Record<string, string>) {
  const response = await fetch(`${baseUrl}/api/slack/${method}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: new URLSearchParams(args) });
  const answer = (await response.json()) as { ok: boolean; error?: string };
  if (response.status === 429) throw new SlackRateLimited(`${method}: ${answer.error}`);
  if (!answer.ok) throw new Error(`${method}: ${answer.error ?? response.status}`);
  return answer;
}

export interface StreamEvent {
  type: string;
  message?: { body: string };
  changes?: Array<{ userId: string; presence: string }>;
}

interface StreamOptions {
  /** The subscription and its input: a member's tab (events.stream) unless said. */
  path?: string;
  input?: unknown;
  /** Sent before anything else, as tRPC's wsLink sends connectionParams (the widget's visitor token). */
  connectionParams?: Record<string, string>;
  /**
   * Read every frame in full and count only the bodies of these events: for streams whose other events quote a
   * message too (live chat's conversation summaries), where the fast path would count one delivery twice.
   */
  messageEvents?: string[];
  /** Every event of every frame, parsed (presence watchers); left out, frames without deliveries are not parsed. */
  onEvents?: (events: StreamEvent[]) => void;
}

const BODY_STAMP = / t=(\d+(?:\.\d+)?)$/;

/** A stream frame's events: tracked ones arrive serialized once (events.stream), others as superjson's json. */
function eventsOf(data: { json?: unknown } | undefined): StreamEvent[] {
  const json = data?.json as { data?: unknown } | StreamEvent[] | undefined;
  if (Array.isArray(json)) return json;
  if (typeof json?.data === "string") return (JSON.parse(json.data) as Array<{ json: StreamEvent }>).map((event) => event.json);
  return [];
}

/**
 * One browser tab's socket: subscribes to events.stream (or, as told, another stream such as the widget's) and
 * counts message deliveries into `deliveries`.
 */
export class StreamClient {
  deliveries?: Deliveries;
  /** Whether the server closed this socket (it cuts off a client that falls too far behind); close() does not count. */
  cutOff = false;
  private socket!: WebSocket;
  private nextId = 2;
  private pending = new Map<number, (message: { error?: unknown }) => void>();
  private ready!: Promise<void>;
  private probe?: { marker: string; arrived: () => void };
  private streaming = false;

  constructor(
    private readonly wsUrl: string,
    private readonly cookie: string,
    private readonly options: StreamOptions = {},
  ) {}

  connect(): Promise<void> {
    const { connectionParams, messageEvents, onEvents } = this.options;
    const url = connectionParams ? `${this.wsUrl}${this.wsUrl.includes("?") ? "&" : "?"}connectionParams=1` : this.wsUrl;
    this.socket = new WebSocket(url, { headers: this.cookie ? { cookie: this.cookie } : {}, perMessageDeflate: false });
    this.ready = new Promise((resolve, reject) => {
      // Kept for the socket's life: an error after the stream is ready would otherwise be thrown as unhandled.
      this.socket.on("error", reject);
      this.socket.once("close", () => {
        this.cutOff = true;
        reject(new Error("the server closed the socket before the stream was ready"));
        // A call on a socket the server closed is never answered: failing it keeps a closed-loop sender from
        // waiting forever.
        for (const settle of this.pending.values()) settle({ error: "the server closed the socket" });
        this.pending.clear();
      });
      this.socket.on("message", (raw) => {
        const text = raw.toString();
        // tRPC's keep-alive: answered as its client does.
        if (text === "PING") return void this.socket.send("PONG");
        // Deliveries are most of what arrives: their stamp is read without parsing the frame, so this process, which
        // shares the machine with the server it measures, spends as little as it can per delivery.
        if (!messageEvents && text.startsWith(STREAM_FRAME) && text.includes(MESSAGE_CREATED)) {
          // A frame carries one event, or several when the socket fell behind.
          for (const [, scheduledAt] of text.matchAll(FRAME_STAMPS)) this.deliveries?.record(scheduledAt!);
          if (this.probe && text.includes(this.probe.marker)) this.probe.arrived();
          return;
        }
        // Presence and the rest, for a client that only counts deliveries: thousands of sockets hear each such frame.
        if (!messageEvents && !onEvents && text.startsWith(STREAM_FRAME) && this.streaming) return;
        const message = JSON.parse(text) as { id?: number; result?: { type: string; data?: { json?: unknown } }; error?: unknown };
        if (message.id === 1) {
          if (message.error) return reject(new Error(`events.stream refused: ${JSON.stringify(message.error)}`));
          const events = eventsOf(message.result?.data);
          if (events.some((event) => event.type === "stream.ready")) {
            this.streaming = true;
            resolve();
          }
          onEvents?.(events);
          for (const event of messageEvents ? events : []) {
            const body = messageEvents!.includes(event.type) ? event.message?.body : undefined;
            if (!body) continue;
            const stamp = BODY_STAMP.exec(body);
            if (stamp) this.deliveries?.record(stamp[1]!);
            if (this.probe && body.includes(this.probe.marker)) this.probe.arrived();
          }
          return;
        }
        if (message.id !== undefined) {
          this.pending.get(message.id)?.(message);
          this.pending.delete(message.id);
        }
      });
      this.socket.once("open", () => {
        if (connectionParams) this.socket.send(JSON.stringify({ method: "connectionParams", data: connectionParams }));
        const { path = "events.stream", input = { tabId: randomUUID(), active: true } } = this.options;
        this.socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path, input: { json: input } } }));
      });
    });
    return this.ready;
  }

  /** A call over the same socket, as the browser's wsLink makes it. */
  mutate(path: string, input: unknown): Promise<unknown> {
    if (this.cutOff) return Promise.reject(new Error("the server closed the socket"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) => (message.error ? reject(new Error(JSON.stringify(message.error))) : resolve(message)));
      this.socket.send(JSON.stringify({ id, method: "mutation", params: { path, input: { json: input } } }));
    });
  }

  /**
   * Whether a delivery containing `marker` reaches this client within `timeoutMs`: a connected socket the server no
   * longer writes to would otherwise pass for one it serves.
   */
  receives(marker: string, timeoutMs: number): Promise<boolean> {
    if (this.cutOff) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.probe = undefined;
        resolve(false);
      }, timeoutMs);
      this.probe = {
        marker,
        arrived: () => {
          clearTimeout(timer);
          this.probe = undefined;
          resolve(true);
        },
      };
    });
  }

  close() {
    this.socket.removeAllListeners("close");
    this.socket.terminate();
  }
}

/** Opens `count` clients `parallel` at a time (thousands at once would only measure the accept queue). */
export async function connectAll(clients: StreamClient[], parallel = 100) {
  for (let index = 0; index < clients.length; index += parallel) await Promise.all(clients.slice(index, index + parallel).map((client) => client.connect()));
}
