import type { IncomingMessage, ServerResponse } from "node:http";
import { auditFilterInput } from "@/shared/audit";
import { userIdFromCookieHeader } from "../auth/session-cookie";
import { listAuditLog } from "../queries/audit";
import { replyJson, replyRefusal } from "./http-body";

const PAGE = 500;

/** A CSV field: quoted, quotes doubled, and a leading =, +, - or @ defused so a spreadsheet never runs it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * The audit log as CSV for admins, with the list's filters: streamed a page at a time, so a workspace's whole
 * history never sits in memory.
 */
export async function auditCsvDoor(req: IncomingMessage, res: ServerResponse) {
  const userId = await userIdFromCookieHeader(req.headers.cookie);
  if (!userId) return replyJson(res, 401, { error: "Sign in first" });
  const params = new URL(req.url ?? "/", "http://localhost").searchParams;
  const parsed = auditFilterInput.safeParse({ workspaceId: params.get("workspaceId"), category: params.get("category") || null, query: params.get("query") ?? "", limit: PAGE });
  if (!parsed.success) return replyJson(res, 400, { error: parsed.error.issues[0]?.message ?? "Bad filter" });
  let page;
  try {
    page = await listAuditLog(userId, parsed.data);
  } catch (error) {
    return replyRefusal(res, error);
  }
  res.writeHead(200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="confab-audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
    "cache-control": "no-store",
  });
  res.write("time,action,actor,detail\r\n");
  for (;;) {
    for (const entry of page) res.write(`${[entry.createdAt.toISOString(), entry.action, entry.actorName ?? "", entry.detail].map(csvField).join(",")}\r\n`);
    const last = page.at(-1);
    if (page.length < PAGE || !last) break;
    page = await listAuditLog(userId, { ...parsed.data, cursor: { createdAt: last.createdAt, id: last.id } });
  }
  res.end();
}
