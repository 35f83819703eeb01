"use client";
import { createContext, memo, type ReactElement, useContext } from "react";
import Markdown, { defaultUrlTransform, type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { GROUP_MENTION, USER_MENTION } from "@/shared/mentions";
import { groupMentionKey } from "@/shared/user-groups";
import { highlightCode } from "./highlight-code";

const MENTION_PREFIX = "mention:";

/**
 * `<@id>` becomes a link the renderer turns into a chip. Raw HTML is never enabled: `<script>` and `<img onerror>`
 * in a message are text, and defaultUrlTransform drops javascript: and other unsafe link targets.
 */
function withMentionLinks(body: string): string {
  return body
    .replace(USER_MENTION, (_match, id: string) => `[@${id}](${MENTION_PREFIX}${id})`)
    .replace(GROUP_MENTION, (_match, id: string) => `[@${id}](${MENTION_PREFIX}${groupMentionKey(id)})`);
}

function urlTransform(url: string): string {
  return url.startsWith(MENTION_PREFIX) ? url : defaultUrlTransform(url);
}

/** Names are read at render time, so a cached message still shows a renamed person's current name. */
const NameOfContext = createContext<(userId: string) => string | undefined>(() => undefined);

function MentionChip({ userId }: { userId: string }) {
  const name = useContext(NameOfContext)(userId);
  return <span className="rounded bg-accent-soft px-0.5 font-medium text-accent">@{name ?? "unknown"}</span>;
}

const components: Components = {
  a({ href, children }) {
    if (href?.startsWith(MENTION_PREFIX)) return <MentionChip userId={href.slice(MENTION_PREFIX.length)} />;
    if (!href) return <span>{children}</span>;
    return (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-accent underline-offset-2 hover:underline">
        {children}
      </a>
    );
  },
  pre({ children }) {
    return <pre className="my-1 overflow-x-auto rounded-md border border-border bg-surface p-3 font-mono text-[13px] leading-5">{children}</pre>;
  },
  blockquote({ children }) {
    return <blockquote className="my-1 border-l-4 border-border pl-3 text-muted">{children}</blockquote>;
  },
  ul({ children }) {
    return <ul className="my-1 list-disc pl-6">{children}</ul>;
  },
  ol({ children }) {
    return <ol className="my-1 list-decimal pl-6">{children}</ol>;
  },
  p({ children }) {
    return <p className="whitespace-pre-wrap break-words">{children}</p>;
  },
  img({ alt }) {
    // Images arrive as attachments, not as markdown that makes the reader's browser fetch arbitrary URLs.
    return <span>{alt}</span>;
  },
  h1: ({ children }) => <p className="font-bold">{children}</p>,
  h2: ({ children }) => <p className="font-bold">{children}</p>,
  h3: ({ children }) => <p className="font-bold">{children}</p>,
};

// Parsing Markdown is what made scrolling through long histories stutter (every row mounting into view parsed its
// text again); the parsed tree depends only on the text, so it is kept, for the most recent texts.
const CACHE_LIMIT = 3000;
const rendered = new Map<string, ReactElement>();

/** Text with nothing Markdown or a link could change renders as it is, without a parser. */
const NEEDS_PARSER = /[*_~`[\]<>#|\\!]|^\s*([-+>]|\d+[.)])\s|https?:|www\.|@|\n\n/m;

function render(body: string): ReactElement {
  const cached = rendered.get(body);
  if (cached) return cached;
  const element = NEEDS_PARSER.test(body) ? (
    Markdown({
      children: withMentionLinks(body),
      remarkPlugins: [remarkGfm],
      rehypePlugins: [highlightCode],
      urlTransform,
      components,
    })
  ) : (
    <p className="whitespace-pre-wrap break-words">{body}</p>
  );
  if (rendered.size >= CACHE_LIMIT) rendered.delete(rendered.keys().next().value!);
  rendered.set(body, element);
  return element;
}

export const MessageMarkdown = memo(function MessageMarkdown({ body, nameOf }: { body: string; nameOf: (userId: string) => string | undefined }) {
  return (
    <div className="message-markdown min-w-0 break-words">
      <NameOfContext.Provider value={nameOf}>{render(body)}</NameOfContext.Provider>
    </div>
  );
});
