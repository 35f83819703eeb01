import { and, desc, eq, isNotNull, isNull, not, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { isEmptySearch, type ParsedSearch, parseSearch, type searchInput, snippetOf } from "@/shared/search";
import { channelReadableBy } from "../access/channels";
import { requireWorkspaceRole } from "../access/workspaces";
import { db } from "../db/client";
import { channels, files, messages, users, workspaceMembers } from "../db/schema";
import { toFileView } from "./files";
import { likeContaining, likeEscaped } from "../db/like";

/**
 * How many of the newest matches a search ranks by relevance: every page of a "most relevant" search comes from
 * them, so its cost stays bounded however common the words are (a third of a million-message history matches
 * "deploy"; ranking all of it took over a second, these 200 a few milliseconds).
 */
const RELEVANCE_CANDIDATES = 200;

/**
 * A word matches by full-text search (stemmed: "deploying" finds "deploy"), or as part of a word through the trigram
 * index ("dep", "ab" and "e2e" too, which full-text search alone would miss).
 */
function containsWord(word: string): SQL {
  return sql`(${messages.search} @@ plainto_tsquery('english', ${word}) or ${messages.body} ilike ${likeContaining(word)})`;
}

/** People of the workspace a from: names: by a name's start ("ana" for Ana Tester), dotted full name, or email. */
function authoredBy(workspaceId: string, names: string[]): SQL {
  const matches = names.map((name) => {
    const lower = name.toLowerCase();
    return sql`(lower(${users.name}) like ${`${likeEscaped(lower)}%`} or replace(lower(${users.name}), ' ', '.') = ${lower}
      or lower(split_part(${users.email}, '@', 1)) = ${lower} or lower(${users.email}) = ${lower})`;
  });
  return sql`${messages.authorId} in (select ${users.id} from ${users} join ${workspaceMembers} on ${workspaceMembers.userId} = ${users.id}
    where ${workspaceMembers.workspaceId} = ${workspaceId} and (${sql.join(matches, sql` or `)}))`;
}

/** in:#name, any of them, matched case-insensitively. */
function inChannelNamed(names: string[]): SQL {
  return or(...names.map((name) => eq(sql`lower(${channels.name})`, name.toLowerCase())))!;
}

/** Midnight at the start of a calendar day on the searcher's clock, as an instant (SQL timestamptz). */
function dayStart(date: string, utcOffsetMinutes: number, plusDays = 0): SQL {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return sql`${new Date(Date.UTC(year, month - 1, day + plusDays) - utcOffsetMinutes * 60_000).toISOString()}::timestamptz`;
}

function messageConditions(search: ParsedSearch, workspaceId: string, utcOffsetMinutes: number): SQL[] {
  const conditions: SQL[] = [];
  for (const term of search.terms) conditions.push(containsWord(term));
  for (const phrase of search.phrases) conditions.push(sql`${messages.body} ilike ${likeContaining(phrase)}`);
  for (const excluded of search.excluded) conditions.push(not(containsWord(excluded)));
  if (search.from.length) conditions.push(authoredBy(workspaceId, search.from));
  if (search.in.length) conditions.push(inChannelNamed(search.in));
  if (search.before) conditions.push(sql`${messages.createdAt} < ${dayStart(search.before, utcOffsetMinutes)}`);
  if (search.after) conditions.push(sql`${messages.createdAt} >= ${dayStart(search.after, utcOffsetMinutes, 1)}`);
  if (search.on) {
    conditions.push(sql`${messages.createdAt} >= ${dayStart(search.on, utcOffsetMinutes)}`);
    conditions.push(sql`${messages.createdAt} < ${dayStart(search.on, utcOffsetMinutes, 1)}`);
  }
  if (search.hasLink) conditions.push(sql`${messages.body} ~* 'https?://'`);
  if (search.hasFile) conditions.push(sql`exists (select 1 from ${files} where ${files.messageId} = ${messages.id})`);
  if (search.isThread) conditions.push(or(isNotNull(messages.threadRootId), sql`${messages.replyCount} > 0`)!);
  return conditions;
}

/**
 * Messages and files of the channels the searcher can read, newest first: every word and phrase must match, no
 * excluded word may, and each operator narrows further. Results carry a snippet with the matches marked.
 */
export async function searchWorkspace(actorId: string, input: z.output<typeof searchInput>) {
  await requireWorkspaceRole(db(), input.workspaceId, actorId);
  const search = parseSearch(input.query);
  if (isEmptySearch(search)) return { nextCursor: null, messages: [], files: [] };
  const scope = [eq(channels.workspaceId, input.workspaceId), channelReadableBy(actorId)];
  const highlighted = [...search.terms, ...search.phrases];

  const offset = input.cursor ?? 0;
  const relevant = input.sort === "relevant";
  // The newest matches, walking the workspace's messages by date, or one channel's by seq when the search names it:
  // a common word fills the set after a few hundred rows, and a rare one is found through the full-text and trigram
  // indexes instead (the planner chooses from the words' statistics).
  const wanted = relevant ? RELEVANCE_CANDIDATES : offset + input.limit + 1;
  const words = search.terms.join(" ");
  const named = search.in.length ? await db().select({ id: channels.id }).from(channels).where(and(...scope, inChannelNamed(search.in))) : [];
  const oneChannel = named.length === 1 ? named[0]!.id : null;
  const candidates = db()
    .select({
      id: messages.id,
      channelId: messages.channelId,
      channelName: channels.name,
      channelKind: channels.kind,
      authorId: messages.authorId,
      body: messages.body,
      threadRootId: messages.threadRootId,
      createdAt: messages.createdAt,
      // Cover density of the words, so a message that holds them together ranks above one that mentions them apart.
      weight: (words ? sql<number>`ts_rank_cd(${messages.search}, plainto_tsquery('english', ${words}))` : sql<number>`0`).as("weight"),
    })
    .from(messages)
    .innerJoin(channels, eq(channels.id, messages.channelId))
    .where(
      and(
        oneChannel ? eq(messages.channelId, oneChannel) : eq(messages.workspaceId, input.workspaceId),
        ...scope,
        isNull(messages.deletedAt),
        eq(messages.kind, "user"),
        ...messageConditions(search, input.workspaceId, input.utcOffsetMinutes),
      ),
    )
    .orderBy(...(oneChannel ? [desc(messages.seq)] : [desc(messages.createdAt), desc(messages.id)]))
    .limit(wanted)
    .as("candidates");
  // A day-old message needs to weigh twice a week-old one's to rank above it: relevance first, freshness close behind.
  const relevance = sql`(1 + ${candidates.weight}) / (1 + extract(epoch from now() - ${candidates.createdAt}) / 86400 / 7)`;
  const page = await db()
    .select({
      id: candidates.id,
      channelId: candidates.channelId,
      channelName: candidates.channelName,
      channelKind: candidates.channelKind,
      authorId: candidates.authorId,
      authorName: users.name,
      body: candidates.body,
      threadRootId: candidates.threadRootId,
      createdAt: candidates.createdAt,
    })
    .from(candidates)
    .leftJoin(users, eq(users.id, candidates.authorId))
    .orderBy(...(relevant ? [desc(relevance)] : []), desc(candidates.createdAt), desc(candidates.id))
    .offset(offset)
    .limit(input.limit + 1);
  const messageRows = page.slice(0, input.limit);
  const nextCursor = page.length > input.limit ? offset + input.limit : null;

  // Files by name: only when the search names something a file name could hold (or asks for files).
  const fileWords = [...search.terms, ...search.phrases];
  // On the first page only: files are few, and a page of them would not interleave with messages anyway.
  const wantsFiles = offset === 0 && (fileWords.length > 0 || search.hasFile) && !search.hasLink && !search.isThread;
  const fileRows = wantsFiles
    ? await db()
        .select({ file: files, channelName: channels.name, uploaderName: users.name })
        .from(files)
        .innerJoin(channels, eq(channels.id, files.channelId))
        .innerJoin(messages, eq(messages.id, files.messageId))
        .leftJoin(users, eq(users.id, files.uploaderId))
        .where(
          and(
            ...scope,
            isNull(messages.deletedAt),
            ...fileWords.map((word) => sql`${files.name} ilike ${likeContaining(word)}`),
            ...search.excluded.map((word) => sql`${files.name} not ilike ${likeContaining(word)}`),
            ...(search.from.length ? [authoredBy(input.workspaceId, search.from)] : []),
            ...(search.in.length ? [inChannelNamed(search.in)] : []),
          ),
        )
        .orderBy(desc(files.createdAt))
        .limit(input.limit)
    : [];

  return {
    nextCursor,
    messages: messageRows.map(({ body, ...row }) => ({ ...row, snippet: snippetOf(body, highlighted) })),
    files: fileRows.map((row) => ({ ...toFileView(row.file), channelName: row.channelName, uploaderName: row.uploaderName, nameParts: snippetOf(row.file.name, fileWords, 200) })),
  };
}
