/**
 * Clients that talk to the server as the browser does: a session cookie signed like next-auth's, tRPC over HTTP
 * (superjson) for calls, and tRPC over WebSocket for the event stream, speaking tRPC's wire protocol directly so that a
 * few thousand of them fit in one load-generating process.
 */
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { WebSocket } from "ws";
import { TEST_AUTH_SECRET } from "./support";

const COOKIE = "authjs.session-token";

export async function sessionCookie(userId: string) {
  return `${COOKIE}=${await encode({ token: { sub: userId }, secret: TEST_AUTH_SECRET, salt: COOKIE })}`;
}

/** Where a message's send time rides along, so each receiver can tell the latency. */
export const stamp = (body: string) => `${body} t=${performance.now().toFixed(3)}`;
const FRAME_STAMPS = / t=(\d+(?:\.\d+)?)\\"/g;
const STREAM_FRAME = '{"id":1,';
// The event is itself serialized JSON inside the frame, so its quotes arrive escaped.
const MESSAGE_CREATED = '\\"type\\":\\"message.created\\"';

export class Latencies {
  readonly values: number[] = [];
  deliveries = 0;
  record(sentAt: string | undefined) {
    if (sentAt === undefined) return;
    this.deliveries++;
    this.values.push(performance.now() - Number(sentAt));
  }
}

export async function trpcMutation<T>(baseUrl: string, cookie: string, path: string, input: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/trpc/${path}`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ json: input }) });
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

interface StreamEvent {
  type: string;
}

/** One browser tab's socket: subscribes to events.stream and counts message deliveries into `latencies`. */
export class StreamClient {
  private socket!: WebSocket;
  private nextId = 2;
  private pending = new Map<number, (value: unknown) => void>();
  private ready!: Promise<void>;

  constructor(
    private readonly wsUrl: string,
    private readonly cookie: string,
    public latencies: Latencies,
  ) {}

  connect(): Promise<void> {
    this.socket = new WebSocket(this.wsUrl, { headers: { cookie: this.cookie }, perMessageDeflate: false });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once("error", reject);
      this.socket.on("message", (raw) => {
        const text = raw.toString();
        // tRPC's keep-alive: answered as its client does.
        if (text === "PING") return void this.socket.send("PONG");
        // Deliveries are most of what arrives: their stamp is read without parsing the frame, so this process, which
        // shares the machine with the server it measures, spends as little as it can per delivery.
        if (text.startsWith(STREAM_FRAME) && text.includes(MESSAGE_CREATED)) {
          // A frame carries one event, or several when the socket fell behind.
          for (const [, sentAt] of text.matchAll(FRAME_STAMPS)) this.latencies.record(sentAt);
          return;
        }
        const message = JSON.parse(text) as { id?: number; result?: { type: string; data?: { json?: { data?: string } } }; error?: unknown };
        if (message.id === 1) {
          if (message.error) return reject(new Error(`events.stream refused: ${JSON.stringify(message.error)}`));
          // A tracked frame: { id, data: the serialized events } under superjson's json.
          const serialized = message.result?.data?.json?.data;
          if (serialized && (JSON.parse(serialized) as Array<{ json: StreamEvent }>).some((event) => event.json.type === "stream.ready")) resolve();
          return;
        }
        if (message.id !== undefined) {
          this.pending.get(message.id)?.(message);
          this.pending.delete(message.id);
        }
      });
      this.socket.once("open", () => {
        this.socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "events.stream", input: { json: { tabId: randomUUID(), active: true } } } }));
      });
    });
    return this.ready;
  }

  /** A call over the same socket, as the browser's wsLink makes it. */
  mutate(path: string, input: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) => ((message as { error?: unknown }).error ? reject(new Error(JSON.stringify((message as { error: unknown }).error))) : resolve(message)));
      this.socket.send(JSON.stringify({ id, method: "mutation", params: { path, input: { json: input } } }));
    });
  }

  close() {
    this.socket.terminate();
  }
}

/** Opens `count` clients `parallel` at a time (thousands at once would only measure the accept queue). */
export async function connectAll(clients: StreamClient[], parallel = 100) {
  for (let index = 0; index < clients.length; index += parallel) await Promise.all(clients.slice(index, index + parallel).map((client) => client.connect()));
}
