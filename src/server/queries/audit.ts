import { and, desc, eq, ilike, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { auditFilterInput } from "@/shared/audit";
import { requireWorkspaceAdmin } from "../access/workspaces";
import { db } from "../db/client";
import { auditLog, users } from "../db/schema";
import { likeContaining } from "../db/like";

type AuditFilter = z.output<typeof auditFilterInput>;

/** Times as the cursor carries them (JavaScript's milliseconds): entries of one millisecond are ordered by id, none skipped. */
const atMilliseconds = sql`date_trunc('milliseconds', ${auditLog.createdAt})`;

/** The workspace's audit log, newest first, filtered by kind of action and words, a page at a time (admins only). */
export async function listAuditLog(actorId: string, filter: AuditFilter) {
  await requireWorkspaceAdmin(db(), filter.workspaceId, actorId);
  const words = filter.query ? likeContaining(filter.query) : null;
  return db()
    .select({ id: auditLog.id, action: auditLog.action, detail: auditLog.detail, createdAt: auditLog.createdAt, actorId: auditLog.actorId, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.workspaceId, filter.workspaceId),
        filter.category ? sql`split_part(${auditLog.action}, '.', 1) = ${filter.category}` : undefined,
        words ? or(ilike(auditLog.detail, words), ilike(users.name, words), ilike(auditLog.action, words)) : undefined,
        filter.cursor ? sql`(${atMilliseconds}, ${auditLog.id}) < (${filter.cursor.createdAt.toISOString()}::timestamptz, ${filter.cursor.id})` : undefined,
      ),
    )
    .orderBy(desc(atMilliseconds), desc(auditLog.id))
    .limit(filter.limit);
}
