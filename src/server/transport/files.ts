import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { DomainError } from "../access/errors";
import { type ActorOf, runAction, userActor, visitorActor } from "../actions/context";
import { uploadFile } from "../actions/files/upload-file";
import { setAppIcon } from "../actions/apps/set-app-icon";
import { setAvatar } from "../actions/users/set-avatar";
import { userIdFromCookieHeader } from "../auth/session-cookie";
import { fileForReader, fileForVisitor } from "../queries/files";
import { CLIENT_IP_HEADER } from "../auth/client-ip";
import { withinLimit } from "../support/limits";
import { visitorFromToken } from "../support/visitor-session";
import { VISITOR_TOKEN_HEADER } from "./trpc";
import { type ByteRange, fileStorage } from "../files/storage";
import { log } from "../observability/log";
import { DOMAIN_STATUS, replyJson } from "./http-body";

export const FILES_PATH = "/api/files";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const DOWNLOAD_PATH = new RegExp(`^${FILES_PATH}/(${UUID})/(thumbnail|[^/]+)$`);
const IS_UUID = new RegExp(`^${UUID}$`);


function replyError(res: ServerResponse, error: unknown) {
  if (error instanceof DomainError) return replyJson(res, DOMAIN_STATUS[error.code], { error: error.message });
  log().error({ err: error }, "[files] request failed");
  replyJson(res, 500, { error: "Something went wrong with that file; try again" });
}

/**
 * How a stored file is served so that it can never act on our origin: media inline, everything else (HTML, SVG, PDF,
 * text) as a download; the type as sniffed, never guessed again by the browser; and a sandbox if opened anyway.
 */
function safeHeaders(file: { name: string; mimeType: string; kind: string }, inline: boolean) {
  const asciiName = file.name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return {
    "content-type": file.mimeType,
    "content-disposition": `${inline ? "inline" : "attachment"}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "private, max-age=86400",
  };
}

/** One "bytes=a-b" range within size (browsers seek video this way); anything else is served whole. */
function requestedRange(header: string | undefined, size: number): ByteRange | "unsatisfiable" | null {
  const match = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (!match[1] && !match[2])) return null;
  const start = match[1] ? Number(match[1]) : Math.max(0, size - Number(match[2]));
  const end = match[1] && match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  return start <= end && start < size ? { start, end } : "unsatisfiable";
}

type FileRow = Awaited<ReturnType<typeof fileForReader>>;

/** Who asks: a member by their session cookie, or a live-chat visitor by the widget's token (which wins: a member may chat on a website too). */
interface Requester {
  actor: ActorOf<"user"> | ActorOf<"visitor">;
  fileFor: (fileId: string) => Promise<FileRow>;
}

async function requesterOf(req: IncomingMessage): Promise<Requester | null> {
  const visitorToken = req.headers[VISITOR_TOKEN_HEADER];
  if (typeof visitorToken === "string" && visitorToken) {
    const visitor = await visitorFromToken(visitorToken);
    if (!visitor) return null;
    const actor = visitorActor(visitor);
    return { actor, fileFor: (fileId) => fileForVisitor(actor, fileId) };
  }
  const userId = await userIdFromCookieHeader(req.headers.cookie);
  return userId ? { actor: userActor(userId), fileFor: (fileId) => fileForReader(userId, fileId) } : null;
}

async function download(req: IncomingMessage, res: ServerResponse, file: FileRow, thumbnail: boolean) {
  if (thumbnail) {
    if (!file.thumbnailKey) return replyJson(res, 404, { error: "That file has no thumbnail" });
    res.writeHead(200, safeHeaders({ name: `${file.name}.webp`, mimeType: "image/webp", kind: "image" }, true));
    return pipeline(await fileStorage().get(file.thumbnailKey), res);
  }
  const headers = { ...safeHeaders(file, file.kind !== "file"), "accept-ranges": "bytes" };
  const range = requestedRange(req.headers.range, file.size);
  if (range === "unsatisfiable") {
    res.writeHead(416, { "content-range": `bytes */${file.size}` });
    return void res.end();
  }
  const body = await fileStorage().get(file.storageKey, range ?? undefined);
  if (range) {
    res.writeHead(206, { ...headers, "content-length": range.end - range.start + 1, "content-range": `bytes ${range.start}-${range.end}/${file.size}` });
  } else {
    res.writeHead(200, { ...headers, "content-length": file.size });
  }
  if (req.method === "HEAD") return void (body.destroy(), res.end());
  await pipeline(body, res);
}

const declaredSize = (req: IncomingMessage) => (req.headers["content-length"] === undefined ? Number.NaN : Number(req.headers["content-length"]));

async function upload(req: IncomingMessage, res: ServerResponse, actor: Requester["actor"], url: URL, avatar: boolean) {
  const channelId = avatar ? null : url.searchParams.get("channelId");
  if (!avatar && !IS_UUID.test(channelId ?? "")) return replyJson(res, 400, { error: "Say which conversation the file is for" });
  if (actor.kind === "visitor") {
    await withinLimit("uploadsPerVisitor", actor.visitorId);
    await withinLimit("uploadsPerIp", String(req.headers[CLIENT_IP_HEADER] ?? "unknown"));
  }
  const file = await runAction(actor, uploadFile, {
    channelId,
    name: url.searchParams.get("name") ?? "file",
    size: declaredSize(req),
    body: req,
  });
  if (avatar) await runAction(actor, setAvatar, { fileId: file.id });
  replyJson(res, 201, { file });
}

/**
 * Files over plain HTTP (binary bodies do not belong in tRPC): POST /api/files?channelId=&name= uploads the request
 * body; POST /api/files/avatar sets the uploader's avatar, POST /api/files/app-icon?appId= an app's icon; GET /api/files/<id>/<name> and …/thumbnail download.
 * The live-chat widget uploads and downloads here too, with its visitor token in a header, within its own conversations.
 */
export function fileDoor(pathname: string) {
  if (pathname !== FILES_PATH && !pathname.startsWith(`${FILES_PATH}/`)) return null;
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const requester = await requesterOf(req);
      if (!requester) return replyJson(res, 401, { error: "Sign in first" });
      const { actor } = requester;
      const url = new URL(req.url ?? "/", "http://localhost");
      if (req.method === "POST" && (pathname === FILES_PATH || pathname === `${FILES_PATH}/avatar`)) {
        return await upload(req, res, actor, url, pathname !== FILES_PATH);
      }
      if (req.method === "POST" && pathname === `${FILES_PATH}/app-icon`) {
        const appId = url.searchParams.get("appId") ?? "";
        if (!IS_UUID.test(appId)) return replyJson(res, 400, { error: "Say which app the icon is for" });
        const { iconUrl } = await runAction(actor, setAppIcon, { appId, name: url.searchParams.get("name") ?? "icon", size: declaredSize(req), body: req });
        return replyJson(res, 201, { iconUrl });
      }
      const match = DOWNLOAD_PATH.exec(pathname);
      if ((req.method === "GET" || req.method === "HEAD") && match) {
        return await download(req, res, await requester.fileFor(match[1]!), match[2] === "thumbnail");
      }
      replyJson(res, 404, { error: "No such file address" });
    } catch (error) {
      // A client that went away mid-transfer is not an error worth reporting.
      if (req.destroyed || res.destroyed) return;
      replyError(res, error);
    }
  };
}
