import { type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { messages } from "../../db/schema";

/**
 * Threads' reply counts, last reply times and repliers recounted from the replies there are: after messages came in
 * without the send path (an import) or went (retention). `roots` picks the roots, as a condition on `root`.
 */
export async function recountThreads(tx: Db | Tx, roots: SQL) {
  await tx.execute(sql`
    update ${messages} root set reply_count = coalesce(stats.replies, 0), last_reply_at = stats.last_at, reply_user_ids = coalesce(stats.repliers, '{}')
    from (select candidate.id,
            (select count(*)::int from ${messages} reply where reply.thread_root_id = candidate.id) as replies,
            (select max(reply.created_at) from ${messages} reply where reply.thread_root_id = candidate.id) as last_at,
            (select (array_agg(distinct reply.author_id) filter (where reply.author_id is not null))[1:5] from ${messages} reply where reply.thread_root_id = candidate.id) as repliers
          from ${messages} candidate where ${roots}) stats
    where root.id = stats.id`);
}
