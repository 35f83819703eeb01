import type { IncomingMessage, ServerResponse } from "node:http";
import { IMPORT_MAX_BYTES, TRANSFER_DOWNLOAD_PATH, TRANSFER_IMPORT_PATH } from "@/shared/transfers";
import { newId } from "@/shared/ids";
import { runAction, userActor } from "../actions/context";
import { startTransfer } from "../actions/transfers/start-transfer";
import { userIdFromCookieHeader } from "../auth/session-cookie";
import { downloadableExport, requireTransferAdmin } from "../queries/transfers";
import { processServices } from "../services";
import { replyJson, replyRefusal } from "./http-body";

/**
 * Exports and imports over plain HTTP, for their size: a Slack export zip uploaded as the request body (streamed into
 * file storage, then imported by a job), and a finished export downloaded as it is stored.
 */
export function transferDoor(pathname: string) {
  if (pathname === TRANSFER_IMPORT_PATH) return uploadImport;
  const download = TRANSFER_DOWNLOAD_PATH.exec(pathname);
  if (download) return (req: IncomingMessage, res: ServerResponse) => downloadExport(req, res, download[1]!);
  return null;
}

async function uploadImport(req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "POST") return replyJson(res, 405, { error: "POST the zip" });
  const userId = await userIdFromCookieHeader(req.headers.cookie);
  if (!userId) return replyJson(res, 401, { error: "Sign in first" });
  const workspaceId = new URL(req.url ?? "/", "http://localhost").searchParams.get("workspaceId") ?? "";
  const size = Number(req.headers["content-length"] ?? NaN);
  try {
    await requireTransferAdmin(userId, workspaceId);
  } catch (error) {
    return replyRefusal(res, error);
  }
  if (!Number.isFinite(size) || size <= 0) return replyJson(res, 411, { error: "Send the zip with its Content-Length" });
  if (size > IMPORT_MAX_BYTES) return replyJson(res, 413, { error: "That export is larger than 4 GB" });
  const storageKey = `transfers/${newId()}.upload.zip`;
  // The bytes go straight into storage: a big export never sits in memory.
  await processServices.storage.put(storageKey, req, size, "application/zip");
  try {
    const transfer = await runAction(userActor(userId), startTransfer, { workspaceId, kind: "import", storageKey, size });
    replyJson(res, 202, { transferId: transfer.id });
  } catch (error) {
    await processServices.storage.remove([storageKey]);
    replyRefusal(res, error);
  }
}

async function downloadExport(req: IncomingMessage, res: ServerResponse, transferId: string) {
  const userId = await userIdFromCookieHeader(req.headers.cookie);
  if (!userId) return replyJson(res, 401, { error: "Sign in first" });
  let found;
  try {
    found = await downloadableExport(userId, transferId);
  } catch (error) {
    return replyRefusal(res, error);
  }
  res.writeHead(200, {
    "content-type": "application/zip",
    "content-length": found.size,
    "content-disposition": `attachment; filename="confab-export-${found.createdAt.toISOString().slice(0, 10)}.zip"`,
    "cache-control": "no-store",
  });
  (await processServices.storage.get(found.storageKey)).pipe(res);
}
