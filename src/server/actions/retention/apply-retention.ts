import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { channels, files, legalHolds, messages, workspaces } from "../../db/schema";
import { removeStoredFiles, storedColumns, storedKeys } from "../../files/storage";
import { log } from "../../observability/log";
import { audit } from "../audit";
import { recountThreads } from "../messages/thread-stats";
import { defineAction, type ActionContext } from "../context";

/** Each batch is its own short transaction, so sends into the same channels never wait long behind it. */
export const RETENTION_BATCH = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The days a channel keeps messages: its own setting, else its workspace's; 0 or none is forever. */
const keptDays = sql`coalesce(${channels.retentionDays}, ${workspaces.retentionDays}, 0)`;

/** A legal hold on the message's channel or on its author stops its deletion. */
const held = sql`exists (select 1 from ${legalHolds} where ${legalHolds.workspaceId} = ${channels.workspaceId} and ${legalHolds.releasedAt} is null
  and ((${legalHolds.kind} = 'channel' and ${legalHolds.targetId} = ${channels.id}) or (${legalHolds.kind} = 'user' and ${legalHolds.targetId} = ${messages.authorId})))`;

function pastRetention(workspaceId: string, now: Date) {
  return sql`${channels.workspaceId} = ${workspaceId} and ${keptDays} > 0
    and ${messages.createdAt} < ${now.toISOString()}::timestamptz - make_interval(days => ${keptDays}::int)
    and not ${held}`;
}

async function deleteBatch(ctx: ActionContext, workspaceId: string, now: Date) {
  return ctx.services.db.transaction(async (tx) => {
    const doomed = await tx
      .select({
        id: messages.id,
        rootId: messages.threadRootId,
        // A root with a reply that stays (recent enough, or its author under a legal hold) stays as a placeholder.
        root: sql<boolean>`exists (select 1 from ${messages} reply where reply.thread_root_id = ${messages.id}
          and (reply.created_at >= ${now.toISOString()}::timestamptz - make_interval(days => ${keptDays}::int)
            or exists (select 1 from ${legalHolds} hold where hold.workspace_id = ${channels.workspaceId} and hold.released_at is null and hold.kind = 'user' and hold.target_id = reply.author_id)))`,
      })
      .from(messages)
      .innerJoin(channels, eq(channels.id, messages.channelId))
      .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
      // A placeholder left for a thread's kept replies waits until they go too.
      .where(and(pastRetention(workspaceId, now), or(isNull(messages.deletedAt), sql`not exists (select 1 from ${messages} reply where reply.thread_root_id = ${messages.id})`)))
      .limit(RETENTION_BATCH)
      .for("update", { of: messages, skipLocked: true });
    if (doomed.length === 0) return { deleted: 0, placeholders: 0, keys: [] as string[] };
    const rootsKept = doomed.filter((row) => row.root).map((row) => row.id);
    const gone = doomed.filter((row) => !row.root).map((row) => row.id);
    const keys = storedKeys(await tx.select(storedColumns).from(files).where(inArray(files.messageId, doomed.map((row) => row.id))));
    if (gone.length) await tx.delete(messages).where(inArray(messages.id, gone));
    // Threads that lost replies count what is left.
    const touched = [...new Set(doomed.filter((row) => !row.root && row.rootId).map((row) => row.rootId!))];
    if (touched.length) await recountThreads(tx, inArray(sql`candidate.id`, touched));
    if (rootsKept.length) {
      await tx.delete(files).where(inArray(files.messageId, rootsKept));
      await tx.update(messages).set({ body: "", deletedAt: now }).where(and(inArray(messages.id, rootsKept), isNull(messages.deletedAt)));
    }
    return { deleted: gone.length, placeholders: rootsKept.length, keys };
  });
}

/**
 * The daily retention run of one workspace: messages (with their files) past their channel's retention are deleted
 * in batches, legal holds respected; the run is written to the audit log.
 */
async function runWorkspace(ctx: ActionContext, workspaceId: string, now: Date) {
  let deleted = 0;
  let placeholders = 0;
  for (;;) {
    const batch = await deleteBatch(ctx, workspaceId, now);
    deleted += batch.deleted;
    placeholders += batch.placeholders;
    if (batch.keys.length) void removeStoredFiles(ctx.services.storage, batch.keys);
    if (batch.deleted + batch.placeholders === 0) break;
  }
  await ctx.services.db.transaction(async (tx) => {
    await tx.update(workspaces).set({ retentionRunAt: now }).where(eq(workspaces.id, workspaceId));
    await audit(tx, { workspaceId, actorId: null, action: "retention.run", detail: `${deleted} messages deleted, ${placeholders} thread roots kept as placeholders` });
  });
  log().info({ workspaceId, deleted, placeholders }, "[retention] run finished");
  return { deleted, placeholders };
}

/** The hourly look for workspaces whose daily run is due: any with a retention setting, on it or on a channel. */
export const applyRetention = defineAction({ actors: ["system"], transaction: false }, async (ctx) => {
  const now = ctx.services.clock.now();
  const due = await ctx.tx
    .selectDistinct({ id: workspaces.id })
    .from(workspaces)
    .leftJoin(channels, and(eq(channels.workspaceId, workspaces.id), isNotNull(channels.retentionDays)))
    .where(and(or(isNotNull(workspaces.retentionDays), isNotNull(channels.id)), or(isNull(workspaces.retentionRunAt), lt(workspaces.retentionRunAt, new Date(now.getTime() - DAY_MS)))));
  const runs: Record<string, { deleted: number; placeholders: number }> = {};
  for (const { id } of due) runs[id] = await runWorkspace(ctx, id, now);
  return runs;
});
