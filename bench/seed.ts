/**
 * Seeding for the benchmark, straight into the database with set-based SQL (generate_series): thousands of people,
 * their workspaces and channels, and a channel with a million messages, in seconds to minutes instead of hours.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../src/server/db/client";

export interface Group {
  workspaceId: string;
  channelId: string;
  members: string[];
}

/**
 * `count` people in groups of `size`: each group is a workspace with one channel holding all its members, so each
 * channel has `size` members (presence, which goes to a whole workspace, stays within the group).
 */
export async function seedGroups(db: Db, count: number, size: number, label: string): Promise<Group[]> {
  const groups: Group[] = [];
  for (let start = 0; start < count; start += size) {
    const workspaceId = randomUUID();
    const channelId = randomUUID();
    const members = Array.from({ length: Math.min(size, count - start) }, () => randomUUID());
    groups.push({ workspaceId, channelId, members });
  }
  const people = groups.flatMap((group) => group.members.map((id, index) => ({ id, group, index })));
  for (let offset = 0; offset < people.length; offset += 1000) {
    const batch = people.slice(offset, offset + 1000);
    const rows = JSON.stringify(batch.map((p) => ({ id: p.id, n: `${label} ${p.index}` })));
    await db.execute(sql`insert into users (id, name, email, email_verified)
      select id, 'Bench ' || n, 'bench-' || id || '@bench.test', now() from jsonb_to_recordset(${rows}::jsonb) as t(id text, n text)`);
  }
  for (const group of groups) {
    const slug = `bench-${label}-${group.workspaceId.slice(0, 8)}`;
    await db.execute(sql`insert into workspaces (id, name, slug, created_by) values (${group.workspaceId}, ${slug}, ${slug}, ${group.members[0]})`);
    await db.execute(sql`insert into channels (id, workspace_id, name, kind, created_by) values (${group.channelId}, ${group.workspaceId}, 'bench', 'public', ${group.members[0]})`);
    // Arrays travel as JSON: drizzle would spread a JS array into a row of parameters.
    const members = JSON.stringify(group.members);
    await db.execute(sql`insert into workspace_members (workspace_id, user_id, role)
      select ${group.workspaceId}, id, (case when ord = 1 then 'owner' else 'member' end)::workspace_role from jsonb_array_elements_text(${members}::jsonb) with ordinality as t(id, ord)`);
    await db.execute(sql`insert into channel_members (channel_id, user_id) select ${group.channelId}, id from jsonb_array_elements_text(${members}::jsonb) as t(id)`);
  }
  return groups;
}

/**
 * `count` channels in a group's workspace, its own channel first, each holding all the group's members: the channels
 * one app posts to, read by the same people (an app is installed in one workspace, and a workspace of thousands
 * connecting at once would measure their presence rather than the sends).
 */
export async function seedChannels(db: Db, group: Group, count: number): Promise<string[]> {
  const channelIds = [group.channelId, ...Array.from({ length: count - 1 }, () => randomUUID())];
  const added = JSON.stringify(channelIds.slice(1));
  const members = JSON.stringify(group.members);
  await db.execute(sql`insert into channels (id, workspace_id, name, kind, created_by)
    select id, ${group.workspaceId}, 'bench-' || ord, 'public', ${group.members[0]} from jsonb_array_elements_text(${added}::jsonb) with ordinality as t(id, ord)`);
  await db.execute(sql`insert into channel_members (channel_id, user_id)
    select c.id, m.id from jsonb_array_elements_text(${added}::jsonb) as c(id), jsonb_array_elements_text(${members}::jsonb) as m(id)`);
  return channelIds;
}

/** Words for message bodies: a few very common ones, a long tail, and a rare marker in a handful of messages. */
export const COMMON_TERM = "deploy";
export const RARE_TERM = "zeppelin";

/**
 * A channel with `count` messages from a handful of authors, in 50,000-row batches: bodies drawn from a vocabulary
 * where "deploy" is in about a third of them and "zeppelin" in about one in 100,000. Also threads: the first 20
 * messages get 50 replies each.
 */
export async function seedHistory(db: Db, group: Group, count: number) {
  const authors = group.members.slice(0, Math.min(5, group.members.length));
  const batch = 50_000;
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1);
    await db.execute(sql`insert into messages (id, channel_id, seq, author_id, body, client_nonce, created_at)
      select gen_random_uuid()::text, ${group.channelId}, g, (array(select jsonb_array_elements_text(${JSON.stringify(authors)}::jsonb)))[1 + g % ${authors.length}],
        concat_ws(' ',
          (array['the','status','of','release','we','check','the','notes','before','lunch'])[1 + g % 10],
          case when g % 3 = 0 then ${COMMON_TERM} end,
          (array['billing','search','login','mobile','payments','invoices','analytics','onboarding','sync','export'])[1 + (g / 7) % 10],
          'item' || (g % 5000),
          case when g % 100000 = 77 then ${RARE_TERM} end,
          'message', g::text),
        null, now() - make_interval(secs => ${count} - g)
      from generate_series(${from}::int, ${to}::int) as g`);
  }
  await db.execute(sql`update channels set last_seq = ${count} where id = ${group.channelId}`);
  // Threads: replies to the first 20 messages, appended after the history.
  const roots = await db.execute<{ id: string }>(sql`select id from messages where channel_id = ${group.channelId} and seq <= 20 order by seq`);
  const rootIds = (Array.isArray(roots) ? roots : (roots as unknown as { rows: { id: string }[] }).rows).map((row) => row.id);
  let seq = count;
  for (const rootId of rootIds) {
    await db.execute(sql`insert into messages (id, channel_id, seq, author_id, body, thread_root_id, created_at)
      select gen_random_uuid()::text, ${group.channelId}, ${seq} + g, ${authors[0]}, 'reply ' || g, ${rootId}, now()
      from generate_series(1, 50) as g`);
    seq += 50;
    await db.execute(sql`update messages set reply_count = 50, last_reply_at = now(), reply_user_ids = array[${authors[0]}::text] where id = ${rootId}`);
  }
  await db.execute(sql`update channels set last_seq = ${seq} where id = ${group.channelId}`);
  // Now rather than by autovacuum in the middle of a measurement: a million fresh rows, and their search indexes'
  // pending entries, are worth a vacuum that takes the machine's CPU for a while.
  await db.execute(sql`vacuum analyze messages`);
  return { rootIds, lastSeq: seq };
}

/**
 * Mixed notification preferences in a group's channel, as a real team has them: a tenth want every message, a tenth
 * have the keyword "deploy", a twentieth muted the channel, a twentieth set it to nothing; the rest keep the defaults.
 */
export async function seedMixedPreferences(db: Db, group: Group) {
  const members = JSON.stringify(group.members);
  await db.execute(sql`insert into notification_preferences (user_id, level, keywords)
    select id, case when ord % 10 = 0 then 'all' else 'mentions' end, case when ord % 10 = 1 then array['deploy'] else '{}'::text[] end
    from jsonb_array_elements_text(${members}::jsonb) with ordinality as t(id, ord) where ord % 10 in (0, 1)`);
  await db.execute(sql`update channel_members set muted = (ord % 20 = 2), notify_level = case when ord % 20 = 3 then 'nothing' end
    from jsonb_array_elements_text(${members}::jsonb) with ordinality as t(id, ord)
    where channel_id = ${group.channelId} and user_id = t.id and ord % 20 in (2, 3)`);
}
