import { z } from "zod";

/**
 * A search as typed: words and "exact phrases" that must all match, -words that must not, and operators:
 * from:@name, in:#channel, before:/after:/on:YYYY-MM-DD, has:link, has:file, is:thread.
 */
export interface ParsedSearch {
  terms: string[];
  phrases: string[];
  excluded: string[];
  from: string[];
  in: string[];
  before?: string;
  after?: string;
  on?: string;
  hasLink: boolean;
  hasFile: boolean;
  isThread: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TOKEN = /(-?)"([^"]*)"?|(\S+)/g;

export function parseSearch(query: string): ParsedSearch {
  const parsed: ParsedSearch = { terms: [], phrases: [], excluded: [], from: [], in: [], hasLink: false, hasFile: false, isThread: false };
  for (const match of query.matchAll(TOKEN)) {
    const [, negated, phrase, word] = match;
    if (phrase !== undefined) {
      const text = phrase.trim();
      if (text) (negated ? parsed.excluded : parsed.phrases).push(text);
      continue;
    }
    const token = word!;
    const operator = /^([a-z]+):(.+)$/i.exec(token);
    const [name, value] = operator ? [operator[1]!.toLowerCase(), operator[2]!] : ["", ""];
    if (name === "from") parsed.from.push(value.replace(/^@/, ""));
    else if (name === "in") parsed.in.push(value.replace(/^#/, ""));
    else if ((name === "before" || name === "after" || name === "on") && DATE.test(value)) parsed[name] = value;
    else if (name === "has" && value.toLowerCase() === "link") parsed.hasLink = true;
    else if (name === "has" && value.toLowerCase() === "file") parsed.hasFile = true;
    else if (name === "is" && value.toLowerCase() === "thread") parsed.isThread = true;
    else if (token.startsWith("-") && token.length > 1) parsed.excluded.push(token.slice(1));
    else parsed.terms.push(token);
  }
  return parsed;
}

/** Whether a parsed search asks for anything at all (an empty box shows no results rather than everything). */
export function isEmptySearch(search: ParsedSearch): boolean {
  return (
    !search.terms.length && !search.phrases.length && !search.from.length && !search.in.length && !search.before && !search.after && !search.on && !search.hasLink && !search.hasFile && !search.isThread
  );
}

const SEARCH_SORTS = ["relevant", "newest"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const searchInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  query: z.string().trim().max(500, "Searches are at most 500 characters"),
  /** Minutes east of UTC of the searcher's clock, so on:/before:/after: mean their calendar days. */
  utcOffsetMinutes: z.number().int().min(-14 * 60).max(14 * 60).default(0),
  limit: z.number().int().min(1).max(50).default(20),
  /** Most relevant first (the words' weight in each message, newer ones ahead), or newest first. */
  sort: z.enum(SEARCH_SORTS).default("relevant"),
  /** Where the next page starts: how many results came before it (the nextCursor of the page before). */
  cursor: z.number().int().min(0).max(10_000, "That is as far as a search goes").nullish(),
});

/** Where a search result's words are, so the snippet can mark them (plain text: nothing is ever rendered as HTML). */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** A window of `body` around the first match, cut into marked and unmarked parts. */
export function snippetOf(body: string, words: string[], radius = 90): SnippetPart[] {
  const needles = words.map((word) => word.toLowerCase()).filter(Boolean);
  const lower = body.toLowerCase();
  const first = Math.min(...needles.map((needle) => lower.indexOf(needle)).filter((index) => index >= 0), Number.POSITIVE_INFINITY);
  const start = Number.isFinite(first) ? Math.max(0, first - radius) : 0;
  const end = Math.min(body.length, (Number.isFinite(first) ? first : 0) + radius * 2);
  const window = `${start > 0 ? "…" : ""}${body.slice(start, end)}${end < body.length ? "…" : ""}`;
  if (needles.length === 0) return [{ text: window, match: false }];
  const pattern = new RegExp(`(${needles.map((needle) => needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "gi");
  return window
    .split(pattern)
    .filter(Boolean)
    .map((text) => ({ text, match: needles.includes(text.toLowerCase()) }));
}
