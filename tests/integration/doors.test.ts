import { createTRPCClient, createWSClient, httpBatchLink, wsLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { TRPC_WS_PATH, createTrpcWebSocketServer, type TrpcWebSocketServer } from "../../src/server/transport/trpc";
import type { AppRouter } from "../../src/server/api/root";
import type { ServerEvent } from "../../src/shared/events";
import { createHash } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { bus } from "../../src/server/events";
import { SEND_BUFFER_LIMIT } from "../../src/server/events/stream";
import { parseStreamEvents, topics } from "../../src/shared/events";
import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { callerFor, eventually, joinedMember, makeUser, workspaceWithMember, workspaceWithOwner } from "./factories";
import { sessionCookie, startDoorServer } from "./door-server";
import { signedWebhook } from "./livekit-webhooks";
import parsePrometheusTextFormat from "parse-prometheus-text-format";

// The custom server's doors without Next: HTTP tRPC, WebSocket tRPC and health, with real session cookies.
let doors: Awaited<ReturnType<typeof startDoorServer>>;
let sockets: TrpcWebSocketServer;
let origin: string;

beforeAll(async () => {
  sockets = createTrpcWebSocketServer();
  doors = await startDoorServer();
  doors.server.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith(TRPC_WS_PATH)) sockets.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  origin = doors.host;
});

afterAll(async () => {
  for (const client of sockets.wss.clients) client.terminate();
  await doors.close();
});


function clientsFor(cookie: string | null) {
  const headers = cookie ? { cookie } : {};
  const opened: WebSocket[] = [];
  // The browser sends its cookie with the upgrade request; Node's client is told to do the same.
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
      opened.push(this);
    }
  }
  const wsClient = createWSClient({ url: `ws://${origin}${TRPC_WS_PATH}`, WebSocket: CookieWebSocket as never });
  const viaWs = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
  const viaHttp = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `http://${origin}/api/trpc`, transformer: superjson, headers: headers })],
  });
  return { viaWs, viaHttp, opened, close: () => wsClient.close() };
}

type Family = { name: string; type: string; metrics: Array<{ value?: string; labels?: Record<string, string> }> };
type Scrape = { families: Map<string, Family>; text: string };

/** /metrics as Prometheus reads it: the text format, parsed by a Prometheus text parser. */
async function scrape(): Promise<Scrape> {
  const response = await fetch(`http://${origin}/metrics`, { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  const text = await response.text();
  const families = parsePrometheusTextFormat(text) as Family[];
  return { families: new Map(families.map((family) => [family.name, family])), text };
}
const hasLabels = (labels: Record<string, string> | undefined, wanted: Record<string, string>) => Object.entries(wanted).every(([key, value]) => labels?.[key] === value);
/** A counter's or gauge's value, summed over the samples whose labels include `labels`. */
function sampled({ families }: Scrape, name: string, labels: Record<string, string> = {}) {
  const family = families.get(name);
  if (!family) throw new Error(`${name} is not exposed`);
  return family.metrics.filter((sample) => hasLabels(sample.labels, labels)).reduce((sum, sample) => sum + Number(sample.value ?? 0), 0);
}
/**
 * A histogram's observation count for a label set, from its `_count` series: the parser folds a labelled histogram's
 * series into one sample, so these lines are read as written.
 */
function observed({ families, text }: Scrape, name: string, labels: Record<string, string> = {}) {
  expect(families.get(name)?.type ?? "missing").toBe("HISTOGRAM");
  return [...text.matchAll(new RegExp(`^${name}_count(?:\\{([^}]*)\\})? (\\S+)$`, "gm"))]
    .filter(([, pairs = ""]) => hasLabels(Object.fromEntries([...pairs.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key!, value!])), labels))
    .reduce((sum, [, , value]) => sum + Number(value), 0);
}

describe("the server's doors", () => {
  it("reports database health", async () => {
    const response = await fetch(`http://${origin}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "up" });
  });

  it("answers liveness and readiness", async () => {
    expect(await (await fetch(`http://${origin}/api/health/live`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`http://${origin}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ok", database: "up" });
    expect(ready.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // A proxy's request id is kept, so one id follows the request through both logs.
    expect((await fetch(`http://${origin}/api/health/live`, { headers: { "x-request-id": "caddy-42" } })).headers.get("x-request-id")).toBe("caddy-42");
  });

  it("exposes Prometheus metrics behind its token: the named series, moving with traffic", async () => {
    expect((await fetch(`http://${origin}/metrics`)).status).toBe(401);
    expect((await fetch(`http://${origin}/metrics`, { headers: { authorization: "Bearer not-the-metrics-token" } })).status).toBe(401);
    const before = await scrape();
    const named = [
      "confab_websocket_connections",
      "confab_event_streams",
      "confab_events_delivered_total",
      "confab_trpc_duration_seconds",
      "confab_slow_consumer_disconnects_total",
      "confab_http_requests_total",
      "confab_db_pool_size",
      "confab_db_queries_in_flight",
      "confab_db_query_duration_seconds",
      "confab_job_queue_depth",
      "confab_job_failures_total",
      "confab_redis_round_trip_seconds",
      "confab_process_cpu_seconds_total",
      "confab_process_resident_memory_bytes",
      "confab_nodejs_heap_size_used_bytes",
      "confab_nodejs_gc_duration_seconds",
      "confab_nodejs_eventloop_lag_p99_seconds",
    ];
    expect(named.filter((name) => !before.families.has(name))).toEqual([]);

    // A member's tab: its stream over the WebSocket, a message sent over HTTP as the browser sends it.
    const { owner, general } = await workspaceWithMember();
    const client = clientsFor(await sessionCookie(owner.id));
    const received: ServerEvent[] = [];
    const subscription = client.viaWs.events.stream.subscribe({ tabId: crypto.randomUUID(), active: true }, { onData: (tracked) => received.push(...parseStreamEvents(tracked.data)) });
    await eventually(() => expect(received[0]).toEqual({ type: "stream.ready" }));
    const open = await scrape();
    expect(sampled(open, "confab_websocket_connections", { kind: "trpc" })).toBe(sampled(before, "confab_websocket_connections", { kind: "trpc" }) + 1);
    expect(sampled(open, "confab_event_streams")).toBe(sampled(before, "confab_event_streams") + 1);
    await client.viaHttp.messages.send.mutate({ channelId: general, body: "counted", clientNonce: crypto.randomUUID() });
    await eventually(() => expect(received).toContainEqual(expect.objectContaining({ type: "message.created" })));
    const after = await scrape();
    expect(observed(after, "confab_trpc_duration_seconds", { procedure: "messages.send", outcome: "ok" })).toBe(observed(before, "confab_trpc_duration_seconds", { procedure: "messages.send", outcome: "ok" }) + 1);
    expect(sampled(after, "confab_events_delivered_total")).toBeGreaterThan(sampled(before, "confab_events_delivered_total"));
    expect(observed(after, "confab_db_query_duration_seconds")).toBeGreaterThan(observed(before, "confab_db_query_duration_seconds"));
    expect(sampled(after, "confab_http_requests_total", { door: "trpc", status: "2xx" })).toBeGreaterThan(sampled(before, "confab_http_requests_total", { door: "trpc", status: "2xx" }));
    expect(sampled(after, "confab_db_pool_size")).toBeGreaterThan(0);
    expect(sampled(after, "confab_job_queue_depth")).toBeGreaterThanOrEqual(0);
    expect(sampled(after, "confab_process_resident_memory_bytes")).toBeGreaterThan(0);
    // With Redis the send's events went through it.
    if (process.env.CONFAB_TEST_DB === "postgres") expect(observed(after, "confab_redis_round_trip_seconds", { operation: "publish" })).toBeGreaterThan(observed(before, "confab_redis_round_trip_seconds", { operation: "publish" }));
    subscription.unsubscribe();
    client.close();
    await eventually(async () => expect(sampled(await scrape(), "confab_websocket_connections", { kind: "trpc" })).toBe(sampled(before, "confab_websocket_connections", { kind: "trpc" })));
  });

  it("reads the session cookie on HTTP and refuses without one", async () => {
    const user = await makeUser("Cookie Monster");
    const signedIn = clientsFor(await sessionCookie(user.id));
    expect(await signedIn.viaHttp.users.me.query()).toMatchObject({ id: user.id, name: "Cookie Monster" });
    const anonymous = clientsFor(null);
    await expect(anonymous.viaHttp.users.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED", httpStatus: 401 } });
    const forged = clientsFor("authjs.session-token=not-a-real-token");
    await expect(forged.viaHttp.users.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    signedIn.close();
    anonymous.close();
    forged.close();
  });

  it("compresses tRPC answers for clients that accept it, brotli before gzip, and leaves small ones as they are", async () => {
    const { owner, workspace } = await workspaceWithOwner("Compressed");
    for (let index = 0; index < 8; index++) await joinedMember(owner.id, workspace.id, `Member with a long enough name ${index}`);
    const cookie = await sessionCookie(owner.id);
    const get = (path: string, acceptEncoding?: string) =>
      new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
        const headers = { cookie, ...(acceptEncoding && { "accept-encoding": acceptEncoding }) };
        request(`http://${origin}/api/trpc/${path}`, { headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => resolve({ encoding: response.headers["content-encoding"], body: Buffer.concat(chunks) }));
        })
          .on("error", reject)
          .end();
      });
    const members = `workspaces.members?input=${encodeURIComponent(JSON.stringify({ json: { workspaceId: workspace.id } }))}`;
    const plain = await get(members);
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    const brotli = await get(members, "gzip, deflate, br, zstd");
    expect(brotli.encoding).toBe("br");
    expect(brotliDecompressSync(brotli.body).toString()).toBe(plain.body.toString());
    const gzipped = await get(members, "gzip");
    expect(gzipped.encoding).toBe("gzip");
    expect(gunzipSync(gzipped.body).toString()).toBe(plain.body.toString());
    expect((await get("users.me", "br")).encoding).toBeUndefined();
  });

  it("gives a readable 400 for bad input, never a 500", async () => {
    const user = await makeUser();
    const client = clientsFor(await sessionCookie(user.id));
    await expect(client.viaHttp.workspaces.create.mutate({ name: "X", slug: "NO SPACES" })).rejects.toMatchObject({
      message: expect.stringMatching(/lowercase letters/),
      data: { code: "BAD_REQUEST", httpStatus: 400 },
    });
    client.close();
  });

  it("streams a workspace's member joins over the WebSocket to its members", async () => {
    const { owner, workspace } = await workspaceWithOwner();
    const client = clientsFor(await sessionCookie(owner.id));
    const received: ServerEvent[] = [];
    const subscription = client.viaWs.events.stream.subscribe({ tabId: crypto.randomUUID(), active: true }, { onData: (tracked) => received.push(...parseStreamEvents(tracked.data)) });
    await eventually(() => expect(received[0]).toEqual({ type: "stream.ready" }));

    const joiner = await makeUser("Joiner");
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(joiner.id).invites.accept({ token: invite.token });
    await eventually(() =>
      expect(received).toContainEqual(expect.objectContaining({ type: "workspace.member_joined", member: expect.objectContaining({ userId: joiner.id, name: "Joiner" }) })),
    );
    subscription.unsubscribe();
    client.close();
  });

  it("refuses the stream to a signed-out socket", async () => {
    const client = clientsFor(null);
    const error = await new Promise<{ data?: { code?: string } | null }>((resolve) => {
      client.viaWs.events.stream.subscribe({ tabId: crypto.randomUUID(), active: true }, { onError: (caught) => resolve(caught) });
    });
    expect(error.data?.code).toBe("UNAUTHORIZED");
    client.close();
  });

  it("cuts off a client that stops reading once its send buffer passes the limit, while others keep receiving", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const streamOf = async (userId: string) => {
      const client = clientsFor(await sessionCookie(userId));
      const received: ServerEvent[] = [];
      let closed = false;
      client.viaWs.events.stream.subscribe({ tabId: crypto.randomUUID(), active: true }, { onData: (tracked) => received.push(...parseStreamEvents(tracked.data)) });
      await eventually(() => expect(received[0]).toEqual({ type: "stream.ready" }));
      client.opened[0]!.on("close", () => (closed = true));
      return { client, received, isClosed: () => closed };
    };
    const cutOffBefore = sampled(await scrape(), "confab_slow_consumer_disconnects_total");
    const reader = await streamOf(owner.id);
    const stalled = await streamOf(member.id);
    // The stalled client's process stops reading its socket: TCP fills up, then the server's send buffer grows.
    const stalledSocket = (stalled.client.opened[0] as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    stalledSocket.pause();

    const body = "x".repeat(64 * 1024);
    const count = Math.ceil((SEND_BUFFER_LIMIT * 12) / body.length);
    const readerMessages = () => reader.received.filter((event) => event.type === "message.created").length;
    for (let n = 0; n < count; n++) {
      await bus().publish(topics.channel(general), { type: "message.created", message: { channelId: general, seq: n, body } } as unknown as ServerEvent);
      // The reader lives in this same busy process: pace the sends by what it has read, so only the stalled client's
      // buffer can pass the limit however slow the machine is.
      if (n % 8 === 7) await eventually(() => expect(readerMessages()).toBe(n + 1), 20_000);
    }
    await eventually(() => expect(readerMessages()).toBe(count), 20_000);
    // When it reads again it finds the server hung up on it (and its client would reconnect and catch up).
    stalledSocket.resume();
    await eventually(() => expect(stalled.isClosed()).toBe(true));
    expect(stalled.received.filter((event) => event.type === "message.created").length).toBeLessThan(count);
    expect(sampled(await scrape(), "confab_slow_consumer_disconnects_total")).toBe(cutOffBefore + 1);
    reader.client.close();
    stalled.client.close();
  });

  it("applies LiveKit webhooks only when signed with our key, once each, in any order", async () => {
    const { owner, member, general } = await workspaceWithMember();
    const { callId } = await callerFor(owner.id).calls.join({ channelId: general });
    const post = (webhook: { body: string; authorization?: string }) =>
      fetch(`http://${origin}/api/livekit/webhook`, { method: "POST", body: webhook.body, headers: webhook.authorization ? { authorization: webhook.authorization } : {} });
    const participants = async () => (await callerFor(owner.id).calls.active({ workspaceId: (await callerFor(owner.id).channels.get({ channelId: general })).workspaceId }))[0]?.participantIds;

    const joined = await signedWebhook({ event: "participant_joined", callId, identity: owner.id });
    expect(await (await post(joined)).json()).toEqual({ outcome: "applied" });
    expect(await participants()).toEqual([owner.id]);

    // Replayed: the same event again changes nothing.
    expect(await (await post(joined)).json()).toEqual({ outcome: "duplicate" });
    // Tampered (body changed after signing), unsigned, signed with another key: 401, nothing changes.
    const forged = await signedWebhook({ event: "participant_joined", callId, identity: member.id });
    expect((await post({ body: forged.body.replace(member.id, "00000000-0000-4000-8000-000000000000"), authorization: forged.authorization })).status).toBe(401);
    expect((await post({ body: forged.body })).status).toBe(401);
    const otherKey = new AccessToken("otherkey", "other-secret-other-secret-other-secret");
    otherKey.sha256 = createHash("sha256").update(forged.body).digest("base64");
    expect((await post({ body: forged.body, authorization: await otherKey.toJwt() })).status).toBe(401);
    expect(await participants()).toEqual([owner.id]);

    // Out of order: the member's "left" (later) arrives before their "joined" (earlier): they end up out.
    const now = Date.now();
    await post(await signedWebhook({ event: "participant_left", callId, identity: member.id, at: now + 5000 }));
    await post(await signedWebhook({ event: "participant_joined", callId, identity: member.id, at: now + 1000 }));
    expect(await participants()).toEqual([owner.id]);
  });
});
