import type { IncomingMessage, ServerResponse } from "node:http";
import { PassThrough } from "node:stream";
import busboy from "busboy";
import { eq } from "drizzle-orm";
import { DomainError } from "../../access/errors";
import { botActor, runAction } from "../../actions/context";
import { uploadFile } from "../../actions/files/upload-file";
import { db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import { apps } from "../../db/schema";
import { readTicket, signTicket } from "../../slack/tickets";
import { replyText } from "../http-body";

export const SLACK_UPLOAD_PATH = "/api/slack-upload/";
/** Slack's upload URLs last a while; this one is good for an hour after files.getUploadURLExternal. */
const UPLOAD_URL_LIFETIME_MS = 60 * 60_000;

interface UploadClaim {
  appId: string;
  fileId: string;
  filename: string;
  length: number;
}

export function uploadUrl(origin: string, claim: UploadClaim, now: Date): string {
  return `${origin}${SLACK_UPLOAD_PATH}${signTicket("slack-upload", claim, new Date(now.getTime() + UPLOAD_URL_LIFETIME_MS))}`;
}


/**
 * The file's bytes, as @slack/web-api sends them to an upload URL (a multipart form with one file), or as a raw body
 * (curl --data-binary): streamed, never held whole in memory.
 */
function fileBytes(req: IncomingMessage): AsyncIterable<Buffer> {
  if (!String(req.headers["content-type"] ?? "").startsWith("multipart/form-data")) return req;
  const out = new PassThrough();
  const form = busboy({ headers: req.headers, limits: { files: 1, fields: 10 } });
  let found = false;
  form.on("file", (_name, stream) => {
    found = true;
    stream.pipe(out);
    stream.on("error", (error) => out.destroy(error));
  });
  form.on("error", (error) => out.destroy(error as Error));
  form.on("close", () => {
    if (!found) out.end();
  });
  req.pipe(form);
  return out;
}

/** An upload URL handed out by files.getUploadURLExternal: the URL is the credential, for that one file. */
export function slackUploadDoor(pathname: string) {
  if (!pathname.startsWith(SLACK_UPLOAD_PATH)) return null;
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") return replyText(res, 405, "Use POST");
    const claim = readTicket<UploadClaim>("slack-upload", pathname.slice(SLACK_UPLOAD_PATH.length), new Date());
    const [app] = claim ? await db().select().from(apps).where(eq(apps.id, claim.appId)) : [];
    if (!claim || !app) {
      req.resume();
      return replyText(res, 404, "That upload URL has expired or is not valid");
    }
    try {
      const file = await runAction(botActor(app), uploadFile, { channelId: "staged", id: claim.fileId, name: claim.filename, size: claim.length, body: fileBytes(req) });
      replyText(res, 200, `OK - ${file.size}`);
    } catch (error) {
      req.resume();
      if (error instanceof DomainError) return replyText(res, error.code === "PAYLOAD_TOO_LARGE" ? 413 : error.code === "CONFLICT" ? 409 : 400, error.message);
      // The same URL used twice: the file is already there.
      if (isUniqueViolation(error)) return replyText(res, 409, "That file was uploaded already");
      throw error;
    }
  };
}
