import { emojiForName, SHORTCODE } from "./emoji";
import { linkUrl } from "./safe-url";

/** Slack's ids as Confab knows them; the caller looks them up (shared code reaches no database). */
export interface MrkdwnResolver {
  /** The Confab user id a Slack user id (U…, W…) stands for. */
  user(slackUserId: string): string | undefined;
  /** The name of the channel a Slack channel id (C…, G…) stands for. */
  channel(slackChannelId: string): string | undefined;
}

/** The other way: the Slack-style id a Confab user is known by to an app. */
export interface MarkdownResolver {
  user(userId: string): string | undefined;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">" };
/** Slack escapes these three and no others, so `&quot;` is text. */
const decode = (text: string) => text.replace(/&(amp|lt|gt);/g, (_match, name: string) => ENTITIES[name]!);

/**
 * Text that only looks like a mention must not notify: parseMentions finds `@here` and `<@id>` anywhere in a body,
 * while Slack notifies only for its `<!here>` and `<@U…>` tokens. A word joiner after the @ shows the same and does
 * not match.
 */
const LOOKALIKE = /(?<![\w@])@(?=(?:here|channel|everyone)\b)|(?<=<)@(?=[0-9a-f]{8}-)/gi;
const defuse = (text: string) => text.replace(LOOKALIKE, "@\u2060");

const INLINE_SYNTAX = /[\\`*_~[\]<>&|]/g;
const escapeInline = (text: string) => defuse(text).replace(INLINE_SYNTAX, "\\$&");

/**
 * What Markdown reads at the start of a line (headings, lists, rules, setext underlines, indented code) made text.
 * Leading spaces become no-break spaces: Slack shows indentation as typed, Markdown would strip it or make code.
 */
function escapeLineStart(line: string): string {
  return line
    .replace(/^[ \t]+/, (space) => "\u00a0".repeat(space.replaceAll("\t", "    ").length))
    .replace(/^[#+=-]/, "\\$&")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

/** Plain text as Markdown that renders exactly that text. */
export function escapeMarkdown(text: string): string {
  return text
    .split("\n")
    .map((line) => escapeLineStart(escapeInline(line)))
    .join("\n");
}

const longestRun = (text: string, char: string) => Math.max(0, ...[...text.matchAll(new RegExp(`${char}+`, "g"))].map((run) => run[0].length));

/** Inline code showing its text exactly, backticks included. */
export function codeSpan(text: string): string {
  const fence = "`".repeat(longestRun(text, "`") + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${defuse(text)}${pad}${fence}`;
}

export function codeBlock(text: string): string {
  const fence = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  return `${fence}\n${defuse(text)}\n${fence}`;
}

/** A link to a checked URL; inside angle brackets nothing in the target is read as Markdown. */
export function markdownLink(label: string, href: string): string {
  return `[${label}](<${href.replace(/[\\&<>]/g, "\\$&")}>)`;
}

/** A character of text still to be escaped, or a piece already converted. */
type Item = string | { markdown: string };
type Reader = (text: string, index: number) => { item: Item; length: number } | undefined;

function sticky(pattern: RegExp, text: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(text);
}

const ENTITY = /&(amp|lt|gt);/y;
const CODE = /`([^`\n]+)`/y;
const TOKEN = /<([^<>\n]+)>/y;
const BARE_URL = /https?:\/\/[^\s<>]+/y;
const EMOJI = new RegExp(SHORTCODE.source, "iy");
const TRAILING = /[.,;:!?'"*_~]$/;

const readEntity: Reader = (text, index) => {
  const match = sticky(ENTITY, text, index);
  return match ? { item: ENTITIES[match[1]!]!, length: match[0].length } : undefined;
};

const readCode: Reader = (text, index) => {
  const match = sticky(CODE, text, index);
  return match ? { item: { markdown: codeSpan(decode(match[1]!)) }, length: match[0].length } : undefined;
};

const readEmoji: Reader = (text, index) => {
  const match = sticky(EMOJI, text, index);
  const emoji = match && emojiForName(match[1]!, match[2] ? Number(match[2]) : undefined);
  return emoji ? { item: { markdown: emoji }, length: match[0].length } : undefined;
};

/** Slack links bare URLs too; taken whole here so their `_` and `*` are not read as emphasis. */
const readBareUrl: Reader = (text, index) => {
  if (index > 0 && /[\w@/]/.test(text[index - 1]!)) return undefined;
  const match = sticky(BARE_URL, text, index);
  if (!match) return undefined;
  let raw = match[0].split(/&(?:lt|gt);/)[0]!;
  const unbalanced = () => raw.endsWith(")") && raw.split("(").length < raw.split(")").length;
  while (TRAILING.test(raw) || unbalanced()) raw = raw.slice(0, -1);
  const href = linkUrl(decode(raw));
  return href ? { item: { markdown: markdownLink(escapeMarkdown(decode(raw)), href) }, length: raw.length } : undefined;
};

function special(command: string, label: string | undefined): string {
  const [name, timestamp] = command.split("^");
  if (name === "here" || name === "channel" || name === "everyone") return `@${name}`;
  if (name === "subteam") return escapeMarkdown(`@${label?.replace(/^@/, "") || "unknown"}`);
  const seconds = Number(timestamp);
  if (name === "date") return escapeMarkdown(label ?? (Number.isFinite(seconds) ? new Date(seconds * 1000).toUTCString() : ""));
  return escapeMarkdown(label ?? "");
}

/** `<…>`: a link, a person, a channel or a special command (`!here`, `!date^…`). */
function tokenMarkdown(content: string, resolve: MrkdwnResolver): string {
  const bar = content.indexOf("|");
  const target = bar < 0 ? content : content.slice(0, bar);
  const rawLabel = bar < 0 ? undefined : content.slice(bar + 1);
  const label = rawLabel === undefined ? undefined : decode(rawLabel);
  if (target.startsWith("@")) {
    const userId = resolve.user(target.slice(1));
    return userId ? `<@${userId}>` : escapeMarkdown(`@${label?.replace(/^@/, "") || "unknown"}`);
  }
  if (target.startsWith("#")) return `#${escapeInline(resolve.channel(target.slice(1)) ?? (label || "unknown"))}`;
  if (target.startsWith("!")) return special(target.slice(1), label);
  const href = linkUrl(decode(target));
  // Not something Slack links: the label if there is one, else the text as typed (`<b>` stays `<b>`).
  if (!href) return escapeMarkdown(label ?? `<${decode(target)}>`);
  return markdownLink(rawLabel ? render(tokenize(rawLabel, resolve, true)) : escapeMarkdown(decode(target)), href);
}

function tokenize(text: string, resolve: MrkdwnResolver, inLabel: boolean): Item[] {
  const readToken: Reader = (source, index) => {
    const match = sticky(TOKEN, source, index);
    return match ? { item: { markdown: tokenMarkdown(match[1]!, resolve) }, length: match[0].length } : undefined;
  };
  // A link's label can hold neither another link nor a token: Slack ends the token at the first `>`.
  const readers = inLabel ? [readEntity, readCode, readEmoji] : [readEntity, readCode, readToken, readBareUrl, readEmoji];
  const items: Item[] = [];
  for (let index = 0; index < text.length; ) {
    const read = readers.reduce<ReturnType<Reader>>((found, reader) => found ?? reader(text, index), undefined);
    items.push(read ? read.item : text[index]!);
    index += read ? read.length : 1;
  }
  return items;
}

/** Slack's `*bold*`, `_italic_`, `~strike~` as Markdown marks. */
const EMPHASIS = new Map([
  ["*", "**"],
  ["_", "*"],
  ["~", "~~"],
]);
const isSpace = (item: Item | undefined) => typeof item === "string" && /\s/.test(item);
const isWordChar = (item: Item | undefined) => typeof item === "string" && /[\p{L}\p{N}]/u.test(item);

/**
 * Slack emphasis opens after a non-word character and before a non-space, and closes after a non-space and before a
 * non-word character, on one line; a doubled mark (`**`) is not emphasis. Every other mark is text, and escaped.
 */
function render(items: Item[]): string {
  const closers = new Map<string, number[]>();
  items.forEach((item, index) => {
    const [before, after] = [items[index - 1], items[index + 1]];
    if (typeof item === "string" && EMPHASIS.has(item) && !isSpace(before) && before !== item && !isWordChar(after) && after !== item) {
      if (!closers.has(item)) closers.set(item, []);
      closers.get(item)!.push(index);
    }
  });
  // Binary search: a long line of marks that never close would otherwise be scanned once per mark.
  const closerAfter = (mark: string, after: number, end: number) => {
    const candidates = closers.get(mark) ?? [];
    let low = 0;
    let high = candidates.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (candidates[middle]! > after) high = middle;
      else low = middle + 1;
    }
    const found = candidates[low];
    return found !== undefined && found < end ? found : -1;
  };
  // A mark already open is not opened again inside itself, which also bounds the recursion.
  const span = (start: number, end: number, open: string): string => {
    let out = "";
    let text = "";
    for (let index = start; index < end; index++) {
      const item = items[index]!;
      if (typeof item !== "string") {
        out += escapeInline(text) + item.markdown;
        text = "";
        continue;
      }
      const marker = EMPHASIS.get(item);
      const [before, next] = [items[index - 1], items[index + 1]];
      const opens = marker && !open.includes(item) && !isWordChar(before) && before !== item && next !== undefined && !isSpace(next) && next !== item;
      const close = opens ? closerAfter(item, index + 1, end) : -1;
      if (close < 0) {
        text += item;
        continue;
      }
      out += escapeInline(text) + marker + span(index + 1, close, open + item) + marker;
      text = "";
      index = close;
    }
    return out + escapeInline(text);
  };
  return span(0, items.length, "");
}

const QUOTE = /^(?:>|&gt;)((?:>|&gt;){2})?[ \t]?/;

function prose(text: string, resolve: MrkdwnResolver): string {
  const lines: string[] = [];
  let quoteRest = false;
  let quoting = false;
  for (const source of text.split("\n")) {
    const marker = quoteRest ? null : QUOTE.exec(source);
    if (marker?.[1]) quoteRest = true;
    const quoted = quoteRest || marker !== null;
    const line = escapeLineStart(render(tokenize(marker ? source.slice(marker[0].length) : source, resolve, false)));
    // Markdown would carry a quote on into the next line unless a blank line ends it.
    if (quoting && !quoted && source.trim() !== "") lines.push("");
    lines.push(quoted ? `> ${line}` : line);
    quoting = quoted;
  }
  return lines.join("\n");
}

const PRE = /```([\s\S]*?)```/g;

/**
 * Slack mrkdwn as a Confab message body (GFM): formatting, links, mentions, channels, broadcasts and emoji converted,
 * and everything Markdown would read but Slack does not (`**`, `[x](y)`, `#` headings, lists, HTML) kept as text.
 */
export function mrkdwnToMarkdown(text: string, resolve: MrkdwnResolver): string {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(PRE)) {
    // A preformatted block is a block of its own in Markdown, so the spaces and line break around it go.
    parts.push(prose(text.slice(last, match.index).replace(last > 0 ? /^[ \t]*\n?/ : /^/, "").replace(/[ \t]*\n?$/, ""), resolve));
    parts.push(codeBlock(decode(match[1]!).replace(/^\n/, "").replace(/\n$/, "")));
    last = match.index + match[0].length;
  }
  parts.push(prose(text.slice(last).replace(last > 0 ? /^[ \t]*\n?/ : /^/, ""), resolve));
  return parts.filter((part) => part !== "").join("\n");
}

const SLACK_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const slackEscape = (text: string) => text.replace(/[&<>]/g, (char) => SLACK_ESCAPES[char]!);
/** A URL inside `<…|…>`, where `|` would end it. */
const slackUrl = (href: string) => slackEscape(href).replaceAll("|", "%7C");

type Rule = [RegExp, (match: RegExpExecArray, resolve: MarkdownResolver) => string];

const MARKDOWN_RULES: Rule[] = [
  [/(`+)([\s\S]*?[^`])\1(?!`)/y, (match) => `\`${slackEscape(match[2]!)}\``],
  [/!\[([^\]\n]*)\]\([^)\n]*\)/y, (match, resolve) => inlineMrkdwn(match[1]!, resolve)],
  [
    /\[((?:[^\]\n\\]|\\.)*)\]\((?:<((?:[^<>\n\\]|\\.)*)>|((?:[^\s()]|\([^\s()]*\))*))(?:\s+"[^"\n]*")?\s*\)/y,
    (match, resolve) => {
      const [, label = "", pointy, bare] = match;
      const target = (pointy ?? bare ?? "").replace(/\\(.)/g, "$1");
      const href = linkUrl(target);
      if (!href) return inlineMrkdwn(label, resolve);
      const bareUrl = linkUrl(label.replace(/\\(.)/g, "$1")) === href;
      return bareUrl ? `<${slackUrl(href)}>` : `<${slackUrl(href)}|${inlineMrkdwn(label, resolve)}>`;
    },
  ],
  [/<((?:https?|mailto):[^\s<>]+)>/y, (match) => `<${slackUrl(linkUrl(match[1]!) ?? match[1]!)}>`],
  [/<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/y, (match, resolve) => {
    const slackId = resolve.user(match[1]!);
    return slackId ? `<@${slackId}>` : "@unknown";
  }],
  [/\\([!-/:-@[-`{-~])/y, (match) => slackEscape(match[1]!)],
  [/\*\*\*(?=\S)([\s\S]*?\S)\*\*\*/y, (match, resolve) => `*_${inlineMrkdwn(match[1]!, resolve)}_*`],
  [/(\*\*|__)(?=\S)([\s\S]*?\S)\1/y, (match, resolve) => `*${inlineMrkdwn(match[2]!, resolve)}*`],
  [/~~(?=\S)([\s\S]*?\S)~~/y, (match, resolve) => `~${inlineMrkdwn(match[1]!, resolve)}~`],
  [/(?<![\w*])\*(?=[^\s*])([\s\S]*?[^\s*])\*(?![\w*])/y, (match, resolve) => `_${inlineMrkdwn(match[1]!, resolve)}_`],
  [/(?<![\w@])@(here|channel|everyone)\b/y, (match) => `<!${match[1]}>`],
];

function inlineMrkdwn(text: string, resolve: MarkdownResolver): string {
  let out = "";
  for (let index = 0; index < text.length; ) {
    const rule = MARKDOWN_RULES.map(([pattern, convert]) => [sticky(pattern, text, index), convert] as const).find(([match]) => match);
    if (rule) {
      out += rule[1](rule[0]!, resolve);
      index += rule[0]![0].length;
    } else {
      out += slackEscape(text[index]!);
      index += 1;
    }
  }
  return out;
}

function mrkdwnLine(line: string, resolve: MarkdownResolver): string {
  const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
  if (heading) return `*${inlineMrkdwn(heading[1]!, resolve)}*`;
  const quote = /^ {0,3}>\s?/.exec(line);
  if (quote) return `> ${inlineMrkdwn(line.slice(quote[0].length), resolve)}`;
  const bullet = /^(\s*)[-*+]\s+/.exec(line);
  if (bullet) return `${bullet[1]}• ${inlineMrkdwn(line.slice(bullet[0].length), resolve)}`;
  return inlineMrkdwn(line, resolve);
}

const FENCED = /^ {0,3}```[^\n]*\n([\s\S]*?)\n? {0,3}```[ \t]*$/gm;

/** A Confab body as Slack mrkdwn, for apps reading messages through the Web API. */
export function markdownToMrkdwn(body: string, resolve: MarkdownResolver): string {
  const lines = (text: string) =>
    text
      .split("\n")
      .map((line) => mrkdwnLine(line, resolve))
      .join("\n");
  let out = "";
  let last = 0;
  for (const match of body.matchAll(FENCED)) {
    out += `${lines(body.slice(last, match.index))}\`\`\`${slackEscape(match[1]!)}\`\`\``;
    last = match.index + match[0].length;
  }
  return out + lines(body.slice(last));
}
