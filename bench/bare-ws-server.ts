/**
 * The baseline for delivery: a bare `ws` server doing nothing but the fan-out. Clients join a group (?group=N) and
 * get frames shaped and sized like Confab's (a whole message, as tRPC and superjson frame it); POST /send?group=N
 * broadcasts one message to that group, serialized once.
 * Run as its own process so its memory per client can be measured like the server's.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { WebSocket, WebSocketServer } from "ws";

const groups = new Map<string, Set<WebSocket>>();
let seq = 0;

function messageFrame(body: string) {
  const id = randomUUID();
  const createdAt = new Date().toISOString();
  const message = { id, channelId: randomUUID(), seq: ++seq, version: 1, authorId: randomUUID(), kind: "user", body, clientNonce: randomUUID(), threadRootId: null, alsoInChannel: false, replyCount: 0, lastReplyAt: null, replyUserIds: [], editedAt: null, deletedAt: null, createdAt, reactions: [], pinned: false, files: [], previews: [] };
  const event = JSON.stringify([{ json: { type: "message.created", message }, meta: { values: { "message.createdAt": ["Date"] } } }]);
  return JSON.stringify({ id: 1, result: { type: "data", id, data: { json: { id, data: event } } } });
}
const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/api/health") return void res.end("ok");
  if (req.method === "POST" && url.pathname === "/send") {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const frame = messageFrame(body);
      for (const socket of groups.get(url.searchParams.get("group") ?? "") ?? []) socket.send(frame);
      res.end("{}");
    });
    return;
  }
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on("connection", (socket, req) => {
  const group = new URL(req.url ?? "/", "http://localhost").searchParams.get("group") ?? "";
  if (!groups.has(group)) groups.set(group, new Set());
  groups.get(group)!.add(socket);
  socket.on("message", () => socket.send(JSON.stringify({ id: 1, result: { type: "data", data: { json: { id: "r", data: JSON.stringify([{ json: { type: "stream.ready" } }]) } }, id: "r" } })));
  socket.on("close", () => groups.get(group)!.delete(socket));
});
server.listen(Number(process.env.PORT), "127.0.0.1");
