import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { type WebSocket, WebSocketServer } from "ws";
import { sessionFromCookieHeader } from "../auth/session-cookie";
import { socketEncoder } from "./socket-encoder";
import { readBody } from "./http-body";
import { appRouter } from "../api/root";
import { CLIENT_IP_HEADER } from "../auth/client-ip";
import type { Context } from "../api/trpc";
import { env } from "@/env";
import { log } from "../observability/log";
import { metrics } from "../observability/metrics";

export const TRPC_HTTP_PATH = "/api/trpc";
export const TRPC_WS_PATH = "/api/ws";

/** The live-chat widget's visitor token: a header over HTTP, a connection parameter over the WebSocket. */
export const VISITOR_TOKEN_HEADER = "x-confab-visitor";

interface ContextOptions {
  req: IncomingMessage;
  info?: { connectionParams: Record<string, string | undefined> | null };
}

async function createContext({ req, info }: ContextOptions): Promise<Context> {
  const header = req.headers[VISITOR_TOKEN_HEADER];
  const session = await sessionFromCookieHeader(req.headers.cookie);
  return {
    userId: session?.userId ?? null,
    sessionId: session?.sessionId,
    ip: String(req.headers[CLIENT_IP_HEADER] ?? "unknown"),
    origin: env().publicUrl,
    visitorToken: info?.connectionParams?.visitorToken ?? (typeof header === "string" ? header : null),
    userAgent: String(req.headers["user-agent"] ?? ""),
  };
}

async function createWebSocketContext({ req, res, info }: ContextOptions & { res: WebSocket }): Promise<Context> {
  return { ...(await createContext({ req, info })), socket: res };
}

function logServerErrors({ error, path }: { error: { code: string; message: string; cause?: unknown }; path?: string }) {
  if (error.code === "INTERNAL_SERVER_ERROR") log().error({ err: error.cause ?? error, procedure: path }, "[trpc] call failed");
}

const handleTrpcRequest = createHTTPHandler({
  router: appRouter,
  basePath: `${TRPC_HTTP_PATH}/`,
  createContext,
  onError: logServerErrors,
});

/** Far above any call's input (a message body is at most a few KB; files go through their own door). */
const TRPC_MAX_BODY_BYTES = 1024 * 1024;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
/** Below this an answer leaves as it is: compressing it would save less than the header costs. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * Compresses the JSON answer when the client accepts it: a workspace's bootstrap batch (its members, channels and
 * presence) is megabytes of repetitive JSON in a large workspace, a tenth of that compressed. The answer is held
 * until tRPC ends it (httpBatchLink's answers are one JSON document, not a stream) and compressed off the main thread.
 */
function compressAnswer(req: IncomingMessage, res: ServerResponse) {
  const accepted = String(req.headers["accept-encoding"] ?? "");
  const encoding = /\bbr\b/.test(accepted) ? "br" : /\bgzip\b/.test(accepted) ? "gzip" : null;
  if (!encoding) return;
  const chunks: Buffer[] = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = ((chunk: string | Uint8Array) => chunks.push(Buffer.from(chunk)) > 0) as typeof res.write;
  res.end = ((chunk?: string | Uint8Array | (() => void)) => {
    if (chunk && typeof chunk !== "function") chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    if (body.length < COMPRESS_FROM_BYTES || res.headersSent) {
      if (body.length > 0) write(body);
      return end();
    }
    // Quality 4: most of brotli's gain on JSON at a small part of its top quality's CPU.
    const compressed = encoding === "br" ? brotli(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }) : gzipped(body);
    void compressed.then(
      (data) => {
        res.setHeader("content-encoding", encoding);
        res.setHeader("vary", "accept-encoding");
        res.setHeader("content-length", data.length);
        end(data);
      },
      () => end(body),
    );
    return res;
  }) as typeof res.end;
}

/**
 * tRPC over HTTP. The body is read into a string first: handed a string, tRPC builds its Request without wrapping
 * the socket in a web stream, one less layer on every call.
 */
export async function trpcHttpHandler(req: IncomingMessage & { body?: string }, res: ServerResponse) {
  if (req.method === "POST") {
    // A client that goes away mid-body has no one to answer.
    const body = await readBody(req, TRPC_MAX_BODY_BYTES).catch(() => undefined);
    if (body === undefined) return void res.destroy();
    if (body === null) {
      res.writeHead(413, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: { json: { message: "That request is too large", code: -32600, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } } } }));
    }
    req.body = body;
  }
  compressAnswer(req, res);
  handleTrpcRequest(req, res);
}

/** tRPC over WebSocket; the context (who is signed in) is read once per connection from its cookie. */
export function createTrpcWebSocketServer() {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  wss.on("connection", (socket) => {
    metrics().socketsConnected.inc({ kind: "trpc" });
    socket.once("close", () => metrics().socketsConnected.dec({ kind: "trpc" }));
  });
  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: createWebSocketContext,
    onError: logServerErrors,
    experimental_encoder: socketEncoder,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
  });
  return {
    wss,
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (client) => wss.emit("connection", client, req));
    },
    /** Asks every client to reconnect (to another process, or to this one once it is back). */
    broadcastReconnect: () => handler.broadcastReconnectNotification(),
  };
}

export type TrpcWebSocketServer = ReturnType<typeof createTrpcWebSocketServer>;
